/** The report page's import section (manager): choose a CSV, watch it being checked and written. */
import type { Bilingual } from './index.ts';

export const importText: Bilingual = {
  zh: {
    'import.title': '导入历史数据',
    'import.hint': '选择 CSV 文件（列名见使用说明）。有误的行会逐行列出；除非勾选跳过，有误的文件不会导入任何数据。',
    'import.file': '导入文件',
    'import.skipBad': '跳过有误的行，只导入正确的行',
    'import.start': '开始导入',
    'import.noFile': '请先选择文件',
    'import.uploading': '正在上传文件…',
    'import.reading': '正在读取文件…',
    'import.checking': '正在检查：{checked} / {total} 行',
    'import.writing': '正在写入：{done} / {total} 行',
    'import.done': '导入完成：新增 {imported} 条，已存在 {already} 条，跳过有误的行 {bad} 条。',
    'import.refused': '文件中有 {bad} 行有误，未导入任何数据。',
    'import.failed': '导入中断：{message}',
    'import.badLine': '第 {line} 行：{reason}',
    'import.more': '另有 {n} 行有误，未逐一列出。',
  },
  en: {
    'import.title': 'Import past visits',
    'import.hint':
      'Choose a CSV file (columns as in the README). Bad rows are listed by line; a file with bad rows imports nothing unless you skip them.',
    'import.file': 'File to import',
    'import.skipBad': 'Skip bad rows and import the good ones',
    'import.start': 'Import',
    'import.noFile': 'Choose a file first',
    'import.uploading': 'Uploading the file…',
    'import.reading': 'Reading the file…',
    'import.checking': 'Checking: {checked} of {total} rows',
    'import.writing': 'Writing: {done} of {total} rows',
    'import.done': 'Done: {imported} imported, {already} already there, {bad} bad rows skipped.',
    'import.refused': '{bad} bad rows: nothing was imported.',
    'import.failed': 'The import stopped: {message}',
    'import.badLine': 'Line {line}: {reason}',
    'import.more': '{n} more bad rows not listed.',
  },
};
