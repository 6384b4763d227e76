/**
 * Post attachments on the device: choosing files to attach, and opening one (docs/content-security.md).
 * weapp: chooseMessageFile (files from a chat) and openDocument — a 禁止下载 file opens with
 * `showMenu: false`, so the viewer offers no save or forward. H5 (the local demo): a file input,
 * and the browser's own viewer in a new tab (a browser can always save what it shows).
 */
import Taro from '@tarojs/taro'
import type { OpenFileResult } from '@core/contract'
import { ApiError } from './cloud'

const IS_H5 = process.env.TARO_ENV === 'h5'

export interface PickedFile {
  path: string
  name: string
  size: number
}

/** Lets the person pick up to `count` files; resolves [] when they cancel. */
export async function pickFiles(count: number): Promise<PickedFile[]> {
  if (count <= 0) return []
  if (IS_H5) {
    return new Promise((resolve) => {
      const input = document.createElement('input')
      input.type = 'file'
      input.multiple = count > 1
      input.accept = '.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.txt,.zip'
      input.onchange = () => {
        const files = Array.from(input.files ?? []).slice(0, count)
        resolve(files.map((f) => ({ path: URL.createObjectURL(f), name: f.name, size: f.size })))
      }
      input.click()
    })
  }
  try {
    const r = await Taro.chooseMessageFile({ count, type: 'file' })
    return r.tempFiles.map((f) => ({ path: f.path, name: f.name, size: f.size }))
  } catch {
    return []
  }
}

/**
 * Opens an attachment the server hands a short-lived URL for (`fetchUrl`); resolves with what the
 * server answered. H5: the new tab is opened at once, inside the tap, and pointed at the file when
 * the answer arrives — a browser blocks a window opened after an await once the tap's activation has
 * expired (a few seconds on a slow network); the tab closes again if the server refuses.
 */
export async function openAttachment(fetchUrl: () => Promise<OpenFileResult>): Promise<OpenFileResult> {
  if (IS_H5) {
    const tab = window.open('about:blank', '_blank')
    if (tab) tab.opener = null
    try {
      const file = await fetchUrl()
      if (tab) tab.location.href = file.url
      else window.open(file.url, '_blank', 'noopener')
      return file
    } catch (e) {
      tab?.close()
      throw e
    }
  }
  const file = await fetchUrl()
  if (!file.previewType) {
    if (file.mayDownload) {
      await Taro.setClipboardData({ data: file.url })
      return file
    }
    throw new ApiError('file_not_previewable')
  }
  const downloaded = await Taro.downloadFile({ url: file.url })
  if (downloaded.statusCode !== 200) throw new ApiError('network')
  await Taro.openDocument({ filePath: downloaded.tempFilePath, fileType: file.previewType, showMenu: file.mayDownload })
  return file
}
