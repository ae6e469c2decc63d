// V8 flags of the export function (infra/stateless-stack.ts), kept apart from the CDK code so the
// benchmark runs its export workers with the same flags (bench/exports.ts, bench/programs.ts).
//
// A young generation of up to 64 MB instead of V8's default 16: a 5,000-base annual workbook
// keeps ≈ 100–200 MB alive while it is built, and with 16 MB semi-spaces every scavenge copied
// much of it again — the garbage collector's share grew faster than the bulletin (build 11 ms of
// GC at 1,000 bases, 131 ms at 5,000). Measured (probe, medians): build at 5,000 bases 485 → 373
// ms, at 1,000 74 → 57 ms; the export function has 1,536 MB.
export const EXPORT_V8_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
