/** The workflow kernel: stored plans and the effects every job runs through it. */
import { msg, s, type Locale, type Text } from './define.js';

/** What is wrong with a field a port returned (`port_data_invalid`'s `problem`), in both languages. */
const PORT_DATA_PROBLEMS = {
  missing: { en: 'is missing', fr: 'est absent' },
  type: { en: 'has the wrong type', fr: "n'a pas le bon type" },
  format: { en: 'is not in the expected format', fr: "n'a pas le format attendu" },
  range: { en: 'is out of range', fr: 'est hors des limites permises' },
  value: { en: 'is not one of the allowed values', fr: "n'est pas une des valeurs permises" },
  date: { en: 'is not a readable ISO 8601 date and time', fr: "n'est pas une date et heure ISO 8601 lisible" },
  mismatch: { en: 'does not belong to what was asked for', fr: 'ne correspond pas à ce qui a été demandé' },
  unknown: { en: 'cannot be read', fr: 'est illisible' },
} as const satisfies Record<string, { en: string; fr: string }>;

/** The words of a `problem` code; an unknown code reads as "cannot be read". */
const problem = (code: Text, locale: Locale): string => (PORT_DATA_PROBLEMS[String(code) as keyof typeof PORT_DATA_PROBLEMS] ?? PORT_DATA_PROBLEMS.unknown)[locale];

/** Stored plans (`loadPlan`) and effect outcomes shared by the jobs. */
export const workflowMessages = {
  plan_invalid: msg<{ detail: Text }>({
    en: (p) => `This is not a taxsync plan, or it is damaged: ${s(p.detail)}. Preview again.`,
    fr: (p) => `Ceci n'est pas un plan taxsync, ou il est abîmé : ${s(p.detail)}. Refaites l'aperçu.`,
  }),
  plan_version_unsupported: msg<{ version: Text; supported: Text }>({
    en: (p) => `This plan was written in format ${s(p.version)}; this version of taxsync reads format ${s(p.supported)}. Preview again.`,
    fr: (p) => `Ce plan a été écrit au format ${s(p.version)}; cette version de taxsync lit le format ${s(p.supported)}. Refaites l'aperçu.`,
  }),
  plan_tampered: msg({
    en: () => 'This plan was changed after the preview made it (its digest no longer matches its content). Preview again.',
    fr: () => "Ce plan a été modifié après l'aperçu qui l'a produit (son empreinte ne correspond plus à son contenu). Refaites l'aperçu.",
  }),
  plan_job_mismatch: msg<{ expected: Text; actual: Text }>({
    en: (p) => `This plan is a ${s(p.actual)} plan; a ${s(p.expected)} plan was expected.`,
    fr: (p) => `Ce plan est un plan ${s(p.actual)}; un plan ${s(p.expected)} était attendu.`,
  }),
  plan_source_mismatch: msg<{ expected: Text; actual: Text }>({
    en: (p) => `The file given is not the one previewed (SHA-256 ${s(p.actual)}…, the plan expects ${s(p.expected)}…). Give the same file, or preview again.`,
    fr: (p) => `Le fichier fourni n'est pas celui de l'aperçu (SHA-256 ${s(p.actual)}…, le plan attend ${s(p.expected)}…). Fournissez le même fichier, ou refaites l'aperçu.`,
  }),
  step_in_progress: msg({
    en: () => 'Another apply of this plan is doing this step right now: it is not repeated here. Apply again later to see its outcome.',
    fr: () => "Une autre application de ce plan fait cette étape en ce moment : elle n'est pas répétée ici. Appliquez de nouveau plus tard pour en voir le résultat.",
  }),
  step_unknown: msg<{ step: Text }>({
    en: (p) => `An earlier run stopped while doing "${s(p.step)}", which cannot be repeated safely: it may or may not have happened. Check, then record it as done or to redo.`,
    fr: (p) => `Une exécution précédente s'est arrêtée pendant « ${s(p.step)} », qui ne peut pas être répétée sans risque : elle a pu avoir lieu ou non. Vérifiez, puis indiquez-la comme faite ou à refaire.`,
  }),
  document_corrupted: msg<{ sha256: Text }>({
    en: (p) => `The document store holds bytes under ${s(p.sha256)}… that no longer have that SHA-256: the stored copy is damaged and was not used. Restore it from a backup, or put the original again.`,
    fr: (p) => `Le stockage de documents contient sous ${s(p.sha256)}… des octets qui n'ont plus cette empreinte SHA-256 : la copie conservée est abîmée et n'a pas été utilisée. Restaurez-la d'une sauvegarde, ou déposez de nouveau l'original.`,
  }),
  port_data_invalid: msg<{ port: Text; method: Text; field: Text; problem: Text; item?: Text }>({
    en: (p) =>
      `${s(p.port)}.${s(p.method)} returned a value taxsync cannot read${p.item === undefined ? '' : ` (item ${s(p.item)})`}: "${s(p.field)}" ${problem(p.problem, 'en')}. Nothing was done with it: fix the adapter or the stored data, then run again.`,
    fr: (p) =>
      `${s(p.port)}.${s(p.method)} a renvoyé une valeur que taxsync ne peut pas lire${p.item === undefined ? '' : ` (élément ${s(p.item)})`} : « ${s(p.field)} » ${problem(p.problem, 'fr')}. Rien n'en a été fait : corrigez l'adaptateur ou la donnée enregistrée, puis relancez.`,
  }),
  progress_failed: msg({
    en: () => 'The progress callback (onProgress) threw an error; it was ignored and the apply went on.',
    fr: () => "La fonction de progression (onProgress) a levé une erreur; elle a été ignorée et l'application a continué.",
  }),
  // taxsync/bullmq: plans and syncs applied as chunked jobs on BullMQ.
  queue_chunk_incomplete: msg<{ job: Text; chunk: Text; open: number }>({
    en: (p) => `Chunk ${s(p.chunk)} of this ${s(p.job)} left ${s(p.open)} item(s) to try again (another worker holds them, or a port failed): the queue retries the chunk with backoff.`,
    fr: (p) => `Le lot ${s(p.chunk)} de ce travail ${s(p.job)} laisse ${s(p.open)} élément(s) à reprendre (un autre worker les tient, ou un port a échoué) : la file reprend le lot avec un délai croissant.`,
  }),
  queue_job_invalid: msg<{ detail: Text }>({
    en: (p) => `This queue job is not a taxsync job, or its data is damaged (${s(p.detail)}). It is not retried: enqueue the plan again with enqueuePlan.`,
    fr: (p) => `Ce travail de la file n'est pas un travail taxsync, ou ses données sont abîmées (${s(p.detail)}). Il n'est pas repris : remettez le plan en file avec enqueuePlan.`,
  }),
  queue_plan_mismatch: msg<{ expected: Text; actual: Text }>({
    en: (p) => `The plan loader returned plan ${s(p.actual)} for a job of plan ${s(p.expected)}. Check loadPlan: it must return the plan stored under the id it is given.`,
    fr: (p) => `Le chargeur de plans a rendu le plan ${s(p.actual)} pour un travail du plan ${s(p.expected)}. Vérifiez loadPlan : il doit rendre le plan enregistré sous l'identifiant reçu.`,
  }),
  queue_job_unsupported: msg<{ job: Text }>({
    en: (p) => `This worker was not given the ports of ${s(p.job)} jobs. Pass them to createTaxsyncWorker, or run those jobs on another queue.`,
    fr: (p) => `Ce worker n'a pas reçu les ports des travaux ${s(p.job)}. Passez-les à createTaxsyncWorker, ou traitez ces travaux dans une autre file.`,
  }),
};
