/// <reference lib="dom" />
// The bases' completeness page (报送情况, by quarter): the one program-generic completeness view
// (views/completeness.ts) given the bases' descriptor.

import { BASES } from '../programs';
import { completenessView } from './completeness';

export { rateChart } from './completeness';

export const dashboardView = completenessView(BASES);
