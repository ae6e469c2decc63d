/// <reference lib="dom" />
// Unsaved form input survives an accidental reload: kept in sessionStorage (like the token) per
// base and period while typing, removed when the server has stored a save or submission, and on
// sign-out. sessionStorage, not localStorage: closing the tab ends the session, and a shared
// computer must not keep someone's unsaved figures for the next user.

import type { RawValues } from './form-model';

export interface LocalDraft {
  raw: RawValues;
  at: string;
  /** The server version the edits started from. */
  version: number;
  /** A program's other typed input (a carrier's fund tables and texts), serialized by its form. */
  extra?: string;
}

const key = (baseId: string, period: string) => `tongbao.draft.${baseId}.${period}`;

export function loadDraft(baseId: string, period: string): LocalDraft | null {
  try {
    const text = sessionStorage.getItem(key(baseId, period));
    if (!text) return null;
    const d = JSON.parse(text) as LocalDraft;
    if (!d || typeof d.raw !== 'object' || d.raw === null) return null;
    const raw: RawValues = {};
    for (const [k, v] of Object.entries(d.raw)) if (typeof v === 'string') raw[k] = v;
    return { raw, at: String(d.at ?? ''), version: Number(d.version) || 0, ...(typeof d.extra === 'string' ? { extra: d.extra } : {}) };
  } catch {
    return null;
  }
}

export function saveDraft(baseId: string, period: string, draft: LocalDraft): void {
  try {
    sessionStorage.setItem(key(baseId, period), JSON.stringify(draft));
  } catch {
    /* storage full or disabled: the form still works */
  }
}

export function clearDraft(baseId: string, period: string): void {
  try {
    sessionStorage.removeItem(key(baseId, period));
  } catch {
    /* ignore */
  }
}

export function clearAllDrafts(): void {
  try {
    for (const k of Object.keys(sessionStorage)) if (k.startsWith('tongbao.draft.')) sessionStorage.removeItem(k);
  } catch {
    /* ignore */
  }
}
