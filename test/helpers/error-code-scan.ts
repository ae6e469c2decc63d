// Finds every error code the server can answer with, by reading the source (TypeScript's
// parser): the code argument of each `new <Named>Error(…)`, the default codes of the classes in
// shared/errors.ts, and `code: '…'` in the error bodies written by hand (shared/http.ts,
// local/http-server.ts). A code built from a program's role (`${program.role.toUpperCase()}_…`)
// stands for one code per role.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const CODE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$|^[A-Z]{4,}$/;
const ROLES = ['BASE', 'PLATFORM', 'CARRIER'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.ts$/.test(f) ? [p] : [];
  });
}

function literalCodes(node: ts.Node): string[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return CODE.test(node.text) ? [node.text] : [];
  if (ts.isTemplateExpression(node)) {
    // A template whose text is all capitals is a code; a message (any other text) is not.
    // Only `${….role.toUpperCase()}` parts are understood; anything else is reported as unknown.
    if (![node.head.text, ...node.templateSpans.map((s) => s.literal.text)].every((t) => /^[A-Z0-9_]*$/.test(t))) return [];
    let out = [node.head.text];
    for (const span of node.templateSpans) {
      if (!/\.role\.toUpperCase\(\)$/.test(span.expression.getText())) return [`<unknown: ${node.getText()}>`];
      out = out.flatMap((prefix) => ROLES.map((r) => prefix + r + span.literal.text));
    }
    return out.filter((c) => CODE.test(c));
  }
  return [];
}

export interface FoundCode {
  code: string;
  file: string;
  /** The error class thrown (for codes written in error bodies by hand: undefined). */
  errorClass?: string;
}

export function scanErrorCodes(root: string, errorClasses: readonly string[]): FoundCode[] {
  const found: FoundCode[] = [];
  const dirs = ['shared', 'functions', 'local'].map((d) => path.join(root, d));
  for (const file of dirs.flatMap(files)) {
    const rel = path.relative(root, file);
    const src = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && errorClasses.includes(node.expression.text))
        for (const a of node.arguments ?? []) for (const code of literalCodes(a)) found.push({ code, file: rel, errorClass: node.expression.text });
      if (rel === path.join('shared', 'errors.ts')) {
        // `code = 'NOT_FOUND'` defaults and `super('METHOD_NOT_ALLOWED', …)`.
        const cls = ts.findAncestor(node, ts.isClassDeclaration)?.name?.text;
        if (ts.isParameter(node) && node.name.getText() === 'code' && node.initializer)
          for (const code of literalCodes(node.initializer)) found.push({ code, file: rel, errorClass: cls });
        if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.SuperKeyword && node.arguments[0])
          for (const code of literalCodes(node.arguments[0])) found.push({ code, file: rel, errorClass: cls });
      }
      if (ts.isPropertyAssignment(node) && node.name.getText() === 'code' && (rel.endsWith('http.ts') || rel.endsWith('http-server.ts')))
        for (const code of literalCodes(node.initializer)) found.push({ code, file: rel });
      ts.forEachChild(node, visit);
    };
    visit(src);
  }
  return found;
}
