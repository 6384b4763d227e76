// test-utils-react 0.1.1 still calls ReactDOMTestUtils.act, which React 18.3 flags as deprecated.
const originalError = console.error
beforeAll(() => {
  jest.spyOn(console, 'error').mockImplementation((...args) => {
    if (typeof args[0] === 'string' && args[0].includes('ReactDOMTestUtils.act')) return
    originalError(...args)
  })
})

// Each test builds its own world: call records do not leak from one test to the next.
afterEach(() => {
  jest.clearAllMocks()
})
