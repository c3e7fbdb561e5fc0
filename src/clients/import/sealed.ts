/** Plan documents sealed by \`previewClientImport\` in this process, as objects: applied without checking them again. Internal. */
import type { ClientImportPlanDocument } from './plan.js';

/** The documents this process sealed (weakly held: a preview dropped by the host is collected). */
export const SEALED: WeakSet<ClientImportPlanDocument> = /* @__PURE__ */ new WeakSet();
