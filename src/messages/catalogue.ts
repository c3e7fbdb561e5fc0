/**
 * The catalogue's public names, kept at this path for modules that import it here; the catalogue itself lives in
 * one file per area under `src/messages/`, joined by `src/messages/index.ts`.
 */
export { renderMessage, messageCodes } from './index.js';
export type {
  ClientMessageCode,
  DispatchMessageCode,
  ErrorCode,
  FormMessageCode,
  IssueCode,
  Locale,
  MatchMessageCode,
  MessageArgs,
  MessageCode,
  MessageParams,
  MessageParamsFor,
  ParamsOf,
  SignatureMessageCode,
  SyncMessageCode,
  WorkflowMessageCode,
} from './index.js';
