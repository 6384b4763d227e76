// Shared with other subpackages: the gate lives in src/components.
export { OwnerGate } from '@/components/OwnerGate'
