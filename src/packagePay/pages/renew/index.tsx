import { CatalogPage } from '../../components/CatalogPage'
import { RenewView } from './RenewView'

/** The renewal page: an expired (or soon expiring) member renews at the tier price (docs/features.md §3). */
export default function RenewPage() {
  return <CatalogPage title={(name) => `续费「${name}」`}>{(props) => <RenewView {...props} />}</CatalogPage>
}
