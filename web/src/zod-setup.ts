// Imported first by main.ts, before any module builds a zod schema: zod validates without its
// JIT, which would otherwise probe `new Function` (forbidden by the page's CSP and Trusted Types).
import { z } from 'zod';

z.config({ jitless: true });
