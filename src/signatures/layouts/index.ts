/** The built-in layouts, one file per form. */
import type { LayoutDefinition } from '../definition.js';
import { auth } from './auth.js';
import { co1000te } from './co-1000-te.js';
import { t183 } from './t183.js';
import { t183corp } from './t183corp.js';
import { t183trust } from './t183trust.js';
import { tp1000te } from './tp-1000-te.js';

/** Every built-in layout definition, in the order error messages list them. */
export const BUILT_IN_DEFINITIONS: readonly LayoutDefinition[] = [t183, t183corp, t183trust, tp1000te, co1000te, auth];
