#!/usr/bin/env node
// Lists exports no other file imports (tsc's noUnusedLocals does not see exports). Part of `npm run lint`:
// exits 1 when it finds any. A type or interface that its own file uses (in an exported signature) may stay
// exported: it names a part of that module's API. A value imported nowhere loses `export` (or goes). Syntax only, no type checker, so it costs well under a second: our imports are
// relative with explicit `.ts` extensions, so resolving them needs no compiler options.
// Not checked: test files and configuration files (their exports are read by Vitest, Playwright, Vite).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIRS = ['server', 'shared', 'dashboard', 'kiosk', 'scripts', 'bench', 'tests'];
const CONFIGS = /^[^/]+\.config\.ts$/;
const TESTS = /\.(test|spec)\.ts$/;

function* walk(dir) {
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, d.name);
    if (d.isDirectory()) {
      if (d.name !== 'node_modules') yield* walk(p);
    } else if (/\.(ts|mts)$/.test(d.name) && !d.name.endsWith('.d.ts')) yield p;
  }
}

const files = [
  ...DIRS.filter((d) => existsSync(join(root, d))).flatMap((d) => [...walk(join(root, d))]),
  ...readdirSync(root)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(root, f)),
];

/** file → exported names (with their line) */
const exported = new Map();
/** file → names other files import from it ('*' for all of them) */
const imported = new Map();
const use = (file, name) => {
  if (!imported.has(file)) imported.set(file, new Set());
  imported.get(file).add(name);
};
const hasExport = (node) => ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false;

for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const src = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const names = [];
  const add = (name, node, isType = false) =>
    names.push({ name, isType, line: src.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
  // How often each identifier occurs in this file: more than once means the file itself uses it.
  const seen = new Map();
  const target = (spec) => (spec.startsWith('.') ? resolve(dirname(file), spec) : null);

  const visit = (node) => {
    if (ts.isIdentifier(node)) seen.set(node.text, (seen.get(node.text) ?? 0) + 1);
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      const from = target(node.moduleSpecifier.text);
      if (from) {
        if (ts.isImportDeclaration(node)) {
          const c = node.importClause;
          if (c?.name) use(from, 'default');
          if (c?.namedBindings && ts.isNamespaceImport(c.namedBindings)) use(from, '*');
          if (c?.namedBindings && ts.isNamedImports(c.namedBindings))
            for (const el of c.namedBindings.elements) use(from, (el.propertyName ?? el.name).text);
        } else if (!node.exportClause) use(from, '*');
        else if (ts.isNamedExports(node.exportClause))
          for (const el of node.exportClause.elements) use(from, (el.propertyName ?? el.name).text);
      }
    }
    // import('./x.ts'): every export counts as used.
    if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      const from = target(node.arguments[0].text);
      if (from) use(from, '*');
    }
    ts.forEachChild(node, visit);
  };
  visit(src);

  for (const st of src.statements) {
    if (ts.isExportDeclaration(st) && st.exportClause && ts.isNamedExports(st.exportClause)) {
      for (const el of st.exportClause.elements) add(el.name.text, el);
    } else if (ts.isExportAssignment(st)) {
      add('default', st);
    } else if (hasExport(st)) {
      const isDefault = ts.getModifiers(st).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
      if (isDefault) add('default', st);
      else if (ts.isVariableStatement(st)) {
        for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) add(d.name.text, d);
      } else if (st.name) add(st.name.text, st, ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st));
    }
  }
  exported.set(
    file,
    names.filter((n) => !(n.isType && (seen.get(n.name) ?? 0) > 1)),
  );
}

const unused = [];
for (const [file, names] of exported) {
  const rel = relative(root, file);
  if (TESTS.test(rel) || CONFIGS.test(rel)) continue;
  const used = imported.get(file) ?? new Set();
  if (used.has('*')) continue;
  for (const { name, line } of names) if (!used.has(name)) unused.push(`${rel}:${line}  ${name}`);
}

if (unused.length > 0) {
  console.error(
    `Exported but imported nowhere (drop the export, or the code if nothing uses it):\n  ${unused.join('\n  ')}`,
  );
  process.exit(1);
}
