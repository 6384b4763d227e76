import type { StateCreator } from 'zustand'
import { CONTENT_LIMITS, LIMITS } from '@core/limits'
import { ApiError, call, toApiError, uploadFile, uploadImage } from '@/services/cloud'
import type { AppState, ComposeFile, ComposeImage, ComposeSlice, ComposeState } from './state'
import { feedKey } from './feed'

const emptyCompose = (circleId = ''): ComposeState => ({
  circleId,
  text: '',
  images: [],
  files: [],
  submitting: false,
  error: null,
})

export const initialComposeState = () => ({ compose: emptyCompose() })

export const createComposeSlice: StateCreator<AppState, [], [], ComposeSlice> = (set, get) => {
  let seq = 0

  const patchImage = (key: string, patch: Partial<ComposeImage>) => {
    const c = get().compose
    set({ compose: { ...c, images: c.images.map((i) => (i.key === key ? { ...i, ...patch } : i)) } })
  }

  const upload = async (key: string, localPath: string) => {
    patchImage(key, { status: 'uploading', progress: 0 })
    try {
      const fileID = await uploadImage(localPath, (progress) => patchImage(key, { progress }))
      patchImage(key, { status: 'done', progress: 100, fileID })
    } catch {
      patchImage(key, { status: 'error' })
    }
  }

  const patchFile = (key: string, patch: Partial<ComposeFile>) => {
    const c = get().compose
    set({ compose: { ...c, files: c.files.map((f) => (f.key === key ? { ...f, ...patch } : f)) } })
  }

  const uploadDoc = async (key: string) => {
    const f = get().compose.files.find((x) => x.key === key)
    if (!f) return
    patchFile(key, { status: 'uploading', progress: 0 })
    try {
      const fileID = await uploadFile(f.localPath, f.name, (progress) => patchFile(key, { progress }))
      patchFile(key, { status: 'done', progress: 100, fileID })
    } catch {
      patchFile(key, { status: 'error' })
    }
  }

  return {
    ...initialComposeState(),

    addComposeFiles: async (picked) => {
      const c = get().compose
      const room = CONTENT_LIMITS.postFiles - c.files.length
      const added = picked.slice(0, Math.max(0, room)).map<ComposeFile>((p) => ({
        key: `file${++seq}`,
        localPath: p.path,
        name: p.name,
        sizeBytes: p.size,
        fileID: null,
        progress: 0,
        status: 'uploading',
        noDownload: false,
      }))
      if (added.length === 0) return
      set({ compose: { ...c, files: [...c.files, ...added], error: null } })
      await Promise.all(added.map((f) => uploadDoc(f.key)))
    },

    retryComposeFile: async (key) => {
      const f = get().compose.files.find((x) => x.key === key)
      if (f && f.status === 'error') await uploadDoc(key)
    },

    removeComposeFile: (key) => {
      const c = get().compose
      set({ compose: { ...c, files: c.files.filter((f) => f.key !== key) } })
    },

    toggleComposeFileNoDownload: (key) => {
      const f = get().compose.files.find((x) => x.key === key)
      if (f) patchFile(key, { noDownload: !f.noDownload })
    },

    startCompose: (circleId) => {
      // A draft for the same circle survives leaving the page and coming back.
      if (get().compose.circleId !== circleId) set({ compose: emptyCompose(circleId) })
    },

    editComposeText: (text) => set({ compose: { ...get().compose, text, error: null } }),

    addComposeImages: async (localPaths) => {
      const c = get().compose
      const room = LIMITS.postImages - c.images.length
      const added = localPaths.slice(0, Math.max(0, room)).map<ComposeImage>((localPath) => ({
        key: `img${++seq}`,
        localPath,
        fileID: null,
        progress: 0,
        status: 'uploading',
      }))
      if (added.length === 0) return
      set({ compose: { ...c, images: [...c.images, ...added], error: null } })
      await Promise.all(added.map((i) => upload(i.key, i.localPath)))
    },

    retryComposeImage: async (key) => {
      const img = get().compose.images.find((i) => i.key === key)
      if (img && img.status === 'error') await upload(key, img.localPath)
    },

    removeComposeImage: (key) => {
      const c = get().compose
      set({ compose: { ...c, images: c.images.filter((i) => i.key !== key) } })
    },

    submitPost: async () => {
      const c = get().compose
      if (!selectCanSubmitPost(get())) throw new ApiError('invalid_argument', 'text')
      set({ compose: { ...c, submitting: true, error: null } })
      try {
        const post = await call('post', 'create', {
          circleId: c.circleId,
          text: c.text.trim(),
          images: c.images.map((i) => i.fileID as string),
          files: c.files.map((f) => ({
            fileId: f.fileID as string,
            name: f.name,
            sizeBytes: f.sizeBytes,
            noDownload: f.noDownload,
          })),
        })
        const s = get()
        const key = feedKey({ circleId: c.circleId, tab: 'latest' })
        const latest = s.feeds[key]
        const feeds = { ...s.feeds }
        if (latest) {
          // New posts go below the pinned ones, as the server orders them.
          const firstUnpinned = latest.items.findIndex((id) => !s.posts[id]?.pinned)
          const at = firstUnpinned === -1 ? latest.items.length : firstUnpinned
          feeds[key] = { ...latest, items: [...latest.items.slice(0, at), post.id, ...latest.items.slice(at)] }
        }
        set({ posts: { ...s.posts, [post.id]: post }, feeds, compose: emptyCompose() })
        return post
      } catch (e) {
        const err = toApiError(e)
        set({ compose: { ...get().compose, submitting: false, error: err } })
        throw err
      }
    },
  }
}

export const selectCompose = (s: AppState) => s.compose

/** Text or at least one image, every image uploaded, and not already sending. */
export function selectCanSubmitPost(s: AppState): boolean {
  const c = s.compose
  if (!c.circleId || c.submitting) return false
  if (c.images.some((i) => i.status !== 'done')) return false
  if (c.files.some((f) => f.status !== 'done')) return false
  const len = [...c.text.trim()].length
  return len <= LIMITS.postChars && (len > 0 || c.images.length > 0 || c.files.length > 0)
}
