import type { PropsWithChildren } from 'react'
import './app.scss'

// Taro's H5 buttons need a colour fix that WXSS could not even parse (styles/h5-buttons.scss).
if (process.env.TARO_ENV === 'h5') require('./styles/h5-buttons.scss')
// The title bar and back button WeChat draws for the mini-program, drawn by Taro's router in H5.
if (process.env.TARO_ENV === 'h5') require('./styles/h5-navigation-bar.scss')

// Sign-in happens in useSignedIn (pages wait for it), so a cold start shows a page at once.
function App({ children }: PropsWithChildren) {
  return children
}

export default App
