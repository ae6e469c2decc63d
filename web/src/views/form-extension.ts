// What a program adds to the generic filing form (filing-form.ts): the contract between the
// form's lifecycle and a program's own parts (a carrier's indicator table and fund tables,
// carrier-form.ts). Types only.

import type { FilingView } from '../../../shared/use-cases/read-filings';
import type { Child } from '../dom';
import type { FieldItem, FormSection, RawValues } from '../form-model';

export type { FilingView };

/** An input of a field, created and wired by the generic form (validation, warnings, local draft). */
export type FieldInput = (
  item: FieldItem,
  labelText: string | null,
  hiddenLabel?: boolean,
) => { input: HTMLInputElement; label: HTMLElement; err: HTMLElement; warn: HTMLElement; hint: HTMLElement | null };

/**
 * What a program adds to the generic form: a carrier's indicator table (its plan's baseline,
 * last year and target next to each input) and its details (fund tables, progress, texts). The
 * generic form keeps the lifecycle: save/submit with If-Match, warnings, server errors by key,
 * the local draft, the history.
 */
export interface FormExtension {
  /** Loaded with the form: whatever the program's parts need (a plan, last year's filing). */
  load(id: string, period: string, filing: FilingView | null): Promise<unknown>;
  create(env: ExtensionEnv): ExtensionInstance;
}

export interface ExtensionEnv {
  id: string;
  period: string;
  filing: FilingView | null;
  extra: unknown;
  locked: boolean;
  /** The typed values of the fields (live). */
  raw: RawValues;
  fieldInput: FieldInput;
  /** The serialized input of an earlier visit not yet saved (the local draft), or null. */
  restored: string | null;
  /** Call after an edit of the program's own inputs: `key` is the error key the edit touches. */
  changed(key: string): void;
}

export interface ExtensionInstance {
  /** A section in the program's own layout (null: the generic rows). */
  section?(s: FormSection): HTMLElement | null;
  /** After a field's value changed (live columns). */
  onValue?(code: string): void;
  /** Parts after the sections, inside the form. */
  parts: Child[];
  /** Toolbar buttons. */
  tools?: Child[];
  /** The write body's other keys. */
  payload(): Record<string, unknown>;
  /** Client-side errors of its inputs, keyed as the server keys them. */
  validate(): Record<string, string>;
  /** A server error key → the key of the input it means (e.g. after blank rows were dropped). */
  mapKey?(key: string): string;
  /** Shows the errors of its keys next to its inputs (other keys are ignored). */
  paint(errors: Record<string, string>): void;
  /** The input an error key points at (for the summary's links), or null. */
  target(key: string): HTMLElement | null;
  /** The typed input, serialized for the local draft; and whether it differs from the stored. */
  snapshot(): string;
  dirty(): boolean;
}
