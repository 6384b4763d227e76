// Import @tarojs/taro before anything else: otherwise an import cycle inside Taro's H5 runtime
// leaves `history` undefined.
require('@tarojs/taro')
