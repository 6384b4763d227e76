// Runs the local product (scripts/bench/localcloud.cjs, as the e2e suite starts it) in a process of
// its own for the weapp journeys: their jest environment is jsdom (miniprogram-simulate renders into
// a DOM), where the starter's fetch-based health check has no fetch. Prints one JSON line
// {"url": …} once the product is healthy; SIGTERM stops it (and removes its data).
const { startLocalProduct } = require('../../scripts/bench/localcloud.cjs')

startLocalProduct({ logFile: process.argv[2] }).then(
  (product) => {
    process.stdout.write(JSON.stringify({ url: product.url }) + '\n')
    let stopping = false
    const stop = () => {
      if (stopping) return
      stopping = true
      product.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      )
    }
    process.on('SIGTERM', stop)
    process.on('SIGINT', stop)
    // the test process went away without a word: do not outlive it
    process.on('disconnect', stop)
  },
  (err) => {
    process.stderr.write(String(err?.stack ?? err) + '\n')
    process.exit(1)
  },
)
