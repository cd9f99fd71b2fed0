/**
 * `npm run cert -- NAME… [--out DIR]` — a hall-local certificate authority and a server certificate for
 * the names and addresses the tablets use (`npm run cert -- hall.local 192.168.1.20`), so the hall can
 * serve HTTPS (YINGBIN_TLS_CERT / YINGBIN_TLS_KEY) and the kiosk gets its offline reload. The CA is made
 * once and kept: a new server certificate later (another address) needs no new trust on the tablets.
 * Uses Debian's `openssl`; says what to install when it is missing.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { fromRoot } from '../paths.ts';

function fail(message: string): never {
  process.stderr.write(`cert: ${message}\n`);
  process.exit(2);
}

// ---- arguments ----
const args = process.argv.slice(2);
let out = fromRoot('data', 'tls');
const names: string[] = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === '--out') {
    const dir = args[++i];
    if (!dir) fail('--out needs a folder');
    out = resolve(dir);
  } else if (a === '-h' || a === '--help') {
    process.stdout.write(
      'usage: npm run cert -- NAME_OR_IP… [--out DIR]   e.g. npm run cert -- hall.local 192.168.1.20\n',
    );
    process.exit(0);
  } else names.push(a);
}
if (names.length === 0)
  fail('name the host names and IP addresses the tablets open, e.g. npm run cert -- hall.local 192.168.1.20');
const DNS_NAME =
  /^(?=.{1,253}$)(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
for (const n of names) if (!isIP(n) && !DNS_NAME.test(n)) fail(`"${n}" is neither a host name nor an IP address`);

// ---- openssl ----
function openssl(...argv: string[]): void {
  const r = spawnSync('openssl', argv, { cwd: out, encoding: 'utf8' });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
    fail(
      'openssl is needed and was not found. Debian/Ubuntu: sudo apt-get install -y openssl · 需要 openssl：sudo apt-get install -y openssl',
    );
  }
  if (r.status !== 0) fail(`openssl ${argv[0]} failed:\n${r.stderr}`);
}

mkdirSync(out, { recursive: true });
const caKey = join(out, 'ca.key');
const caCert = join(out, 'ca.crt');
const serverKey = join(out, 'server.key');
const serverCert = join(out, 'server.crt');
const madeCa = !existsSync(caKey) || !existsSync(caCert);
const tag = names[0]!.replace(/[^A-Za-z0-9.-]/g, '');

if (madeCa) {
  // A CA only for this hall: it may sign server certificates and nothing else (pathlen 0).
  openssl(
    'req',
    '-x509',
    '-new',
    '-nodes',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-sha256',
    '-days',
    '3650',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-subj',
    `/O=Yingbin/CN=Yingbin hall CA ${tag} (${hostname().replace(/[^A-Za-z0-9.-]/g, '')})`,
    '-addext',
    'basicConstraints=critical,CA:TRUE,pathlen:0',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  chmodSync(caKey, 0o600);
}

// iPadOS and Android accept a server certificate of at most 825 days, with the names in subjectAltName.
const san = names.map((n) => (isIP(n) ? `IP:${n}` : `DNS:${n}`)).join(',');
writeFileSync(
  join(out, 'server.ext'),
  [
    `subjectAltName=${san}`,
    'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage=serverAuth',
    '',
  ].join('\n'),
);
openssl(
  'req',
  '-new',
  '-nodes',
  '-newkey',
  'ec',
  '-pkeyopt',
  'ec_paramgen_curve:prime256v1',
  '-sha256',
  '-keyout',
  'server.key',
  '-out',
  'server.csr',
  '-subj',
  `/O=Yingbin/CN=${tag}`,
);
chmodSync(serverKey, 0o600);
openssl(
  'x509',
  '-req',
  '-sha256',
  '-days',
  '825',
  '-in',
  'server.csr',
  '-CA',
  'ca.crt',
  '-CAkey',
  'ca.key',
  '-CAcreateserial',
  '-extfile',
  'server.ext',
  '-out',
  'server.crt',
);
for (const f of ['server.csr', 'server.ext', 'ca.srl']) rmSync(join(out, f), { force: true });

process.stdout
  .write(`cert: ${madeCa ? 'made a new hall CA and' : 'kept the hall CA and made'} a server certificate for ${names.join(', ')} in ${out}

  ca.crt       the hall's CA — install it on every tablet (below); 每台平板安装此 CA 证书
  ca.key       the CA's key — keep it safe, never copy it to a tablet; 妥善保管，切勿拷到平板
  server.crt   server.key   for the server

Start the server with these two lines · 用以下两行环境变量启动服务器：

YINGBIN_TLS_CERT=${serverCert}
YINGBIN_TLS_KEY=${serverKey}

then open https://${names[0]}:8080/ on the tablets · 然后在平板上打开 https://${names[0]}:8080/

Trust the CA on a tablet (once per tablet) · 在平板上信任 CA（每台平板一次）：

  Android:  copy ca.crt to the tablet (USB, e-mail, or a download), then
            Settings → Security → Encryption & credentials → Install a certificate → CA certificate → ca.crt
            (the path varies by maker; search Settings for "CA certificate").
  安卓：    将 ca.crt 拷到平板（数据线、邮件或下载），然后
            设置 → 安全 → 加密与凭据 → 安装证书 → CA 证书 → 选择 ca.crt（各厂商路径略有不同，可在设置中搜索“CA 证书”）。

  iPad:     AirDrop or e-mail ca.crt to the iPad and open it; Settings → Profile Downloaded → Install;
            then Settings → General → About → Certificate Trust Settings → turn on full trust for the hall CA.
  iPad：    用隔空投送或邮件把 ca.crt 发到 iPad 并打开；设置 → 已下载描述文件 → 安装；
            再到 设置 → 通用 → 关于本机 → 证书信任设置，为该 CA 打开“完全信任”。

A new address later: run npm run cert again with every name; the CA stays, the tablets need nothing new.
以后增加地址：带上全部名称再运行一次 npm run cert；CA 不变，平板无需重新设置。
`);
