/**
 * Why `npm run migrate-store` will not copy: said in Chinese and in English (the hall's IT reads either),
 * each naming the problem and what to do. The command prints both and exits with a code other than 0.
 */
export class Refusal extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
  }
}

export const refuse = {
  notYingbin: (file: string) =>
    new Refusal(
      `源文件 ${file} 不是迎宾数据库（没有 migrations 表）。请检查 --from 指向的文件。`,
      `the source ${file} is not a Yingbin database (it has no migrations table); check the file --from names`,
    ),
  sourceOlder: (file: string, missing: string[]) =>
    new Refusal(
      `源文件 ${file} 的数据库结构比本版本旧（缺少迁移 ${missing.join('、')}）。请先用本版本在该文件上启动一次服务器（YINGBIN_DB 指向它），停止后再运行本命令；或先备份，再自行迁移它。`,
      `the source ${file} has an older schema than this version (it lacks migration ${missing.join(', ')}): start this version's server once on it (YINGBIN_DB pointing at it), stop it, then run this again — or back it up and migrate it yourself first`,
    ),
  sourceNewer: (file: string, unknown: string[]) =>
    new Refusal(
      `源文件 ${file} 来自更新的版本（有本版本没有的迁移 ${unknown.join('、')}）。请用新版本运行本命令。`,
      `the source ${file} comes from a newer version (it has migration ${unknown.join(', ')} this version lacks); run this command from that version`,
    ),
  unknownTable: (table: string) =>
    new Refusal(
      `源文件中的表 ${table} 不在本命令的迁移清单中（server/migrate/plan.ts），为免遗漏历史，拒绝复制。`,
      `the source has a table, ${table}, this command has no decision for (server/migrate/plan.ts); refusing rather than leave history behind`,
    ),
  target: (where: string, reason: string) =>
    new Refusal(`无法使用目标数据库 ${where}：${reason}`, `cannot use the target database ${where}: ${reason}`),
  serverRunning: (where: string, who: string) =>
    new Refusal(
      `目标数据库 ${where} 上有迎宾服务器正在运行（${who}）。请先停止集群中的所有进程，再运行本命令。`,
      `a Yingbin server is running on the target ${where} (${who}); stop every process of the cluster, then run this again`,
    ),
  otherHistory: (where: string, branches: string[], [zh, en]: [string, string]) =>
    new Refusal(
      `目标数据库 ${where} 中已有营业厅 ${branches.join('、')} 的其他历史（${zh}），不是来自此源文件。为免两段历史混在一起，拒绝复制。`,
      `the target ${where} already holds a different history of branch ${branches.join(', ')} (${en}), not from this file; refusing to mix two histories`,
    ),
  mismatch: (table: string, key: string) =>
    new Refusal(
      `校验失败：目标中表 ${table} 的行 ${key} 与源文件不同。`,
      `verification failed: row ${key} of table ${table} differs between the source and the target`,
    ),
};
