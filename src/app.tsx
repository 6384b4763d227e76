import type { PropsWithChildren } from 'react'
import './app.scss'

// Sign-in happens in useSignedIn (pages wait for it), so a cold start shows a page at once.
function App({ children }: PropsWithChildren) {
  return children
}

export default App
