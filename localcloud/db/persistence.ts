// Write-behind persistence: the database lives in memory; a collection that changed is written to
// `<dataDir>/<name>.json` shortly after (debounced), through a temporary file and a rename so a
// crash never leaves half a file. `flush()` writes now; `close()` flushes.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { decodeFromDisk, encodeForDisk, type PlainDoc } from './ejson'
import type { Collection } from './store'

export const WRITE_BEHIND_MS = 200

interface FileShape {
  collection: string
  docs: PlainDoc[]
}

export class Persistence {
  private readonly written = new Map<string, number>()
  private timer: NodeJS.Timeout | null = null

  constructor(
    private readonly dataDir: string,
    private readonly collections: () => Iterable<Collection>,
  ) {
    mkdirSync(dataDir, { recursive: true })
  }

  /** Names and documents of every collection file found in the data folder. */
  load(): Map<string, PlainDoc[]> {
    const out = new Map<string, PlainDoc[]>()
    for (const file of readdirSync(this.dataDir)) {
      if (!file.endsWith('.json')) continue
      const parsed = decodeFromDisk(readFileSync(join(this.dataDir, file), 'utf8')) as unknown as FileShape
      out.set(parsed.collection, parsed.docs)
    }
    return out
  }

  markLoaded(collection: Collection): void {
    this.written.set(collection.name, collection.changeCount)
  }

  schedule(): void {
    if (this.timer) return
    this.timer = setTimeout(() => {
      this.timer = null
      this.flush()
    }, WRITE_BEHIND_MS)
    this.timer.unref()
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer)
      this.timer = null
    }
    for (const collection of this.collections()) {
      if (this.written.get(collection.name) === collection.changeCount) continue
      const file = join(this.dataDir, `${collection.name}.json`)
      const tmp = `${file}.${process.pid}.tmp`
      const body = `{"collection":${JSON.stringify(collection.name)},"docs":${encodeForDisk(collection.docs())}}\n`
      writeFileSync(tmp, body)
      renameSync(tmp, file)
      this.written.set(collection.name, collection.changeCount)
    }
  }

  removeAll(): void {
    for (const file of readdirSync(this.dataDir)) {
      if (file.endsWith('.json')) rmSync(join(this.dataDir, file))
    }
    this.written.clear()
  }

  close(): void {
    this.flush()
  }
}
