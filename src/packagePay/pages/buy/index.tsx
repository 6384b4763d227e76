import { CatalogPage } from '../../components/CatalogPage'
import { BuyView } from './BuyView'

export default function BuyPage() {
  return <CatalogPage title={(name) => `加入「${name}」`}>{(props) => <BuyView {...props} />}</CatalogPage>
}
