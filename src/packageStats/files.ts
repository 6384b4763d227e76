/**
 * Hands an export to the owner. H5: a file download (Blob + anchor). The mini-program: the CSV is
 * written to the user data folder with the FileSystemManager and offered to forward to a chat
 * (wx.shareFileMessage; WeChat's document viewer does not open CSV), or copied where sharing a
 * file is not available (an old base library, the devtools).
 */
import Taro from '@tarojs/taro'

const IS_H5 = process.env.TARO_ENV === 'h5'

export async function deliverCsv(csv: string, name: string): Promise<'downloaded' | 'shared' | 'copied'> {
  if (IS_H5) {
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }))
    const a = document.createElement('a')
    a.href = url
    a.download = name
    document.body.appendChild(a)
    a.click()
    a.remove()
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
    return 'downloaded'
  }
  const safe = name.replace(/[\\/:*?"<>|\s]/g, '_')
  const filePath = `${Taro.env.USER_DATA_PATH}/${safe}`
  try {
    Taro.getFileSystemManager().writeFileSync(filePath, csv, 'utf8')
    await (
      Taro as unknown as { shareFileMessage: (o: { filePath: string; fileName: string }) => Promise<unknown> }
    ).shareFileMessage({ filePath, fileName: safe })
    return 'shared'
  } catch {
    await Taro.setClipboardData({ data: csv })
    return 'copied'
  }
}
