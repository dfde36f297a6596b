import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

// Hand-kept mirror of migrations/; a column added there is added here.
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json<T> = ColumnType<T, string, string>;

export interface ClientsTable {
  id: Generated<string>;
  name: string;
  created_at: CreatedAt;
}

export interface UsersTable {
  id: Generated<string>;
  role: "officer" | "liaison" | "complainant";
  email: string;
  name: string;
  password_hash: string | null;
  client_id: string | null;
  country: string | null;
  email_verified_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  expires_at: Timestamp;
}

export interface SignInTokensTable {
  id: Generated<string>;
  token_hash: string;
  user_id: string;
  redirect_to: string | null;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface CasesTable {
  id: Generated<string>;
  reference: string;
  framework: string;
  stage: string;
  status: string;
  category: string;
  client_id: string | null;
  liaison_id: string | null;
  complainant_id: string;
  description: string;
  desired_outcome: string;
  country: string;
  earlier_contact: string | null;
  submission_key: string | null;
  stage_entered_at: Timestamp;
  stages_visited: string[];
  answer_rejected: Generated<boolean>;
  arbitration: Json<unknown>;
  closure: Json<unknown> | null;
  version: Generated<number>;
  /** The domain's nextRunningDeadline(state), written with every change of state (the queue's sort key). */
  next_due_at: Timestamp | null;
  opened_at: Timestamp;
  updated_at: Timestamp;
}

export interface CaseDeadlinesTable {
  id: Generated<string>;
  case_id: string;
  stage: string;
  kind: string;
  starts_at: Timestamp;
  due_at: Timestamp;
  met_at: Timestamp | null;
  paused_at: Timestamp | null;
  explanation: string;
}

export interface MessagesTable {
  id: Generated<string>;
  case_id: string;
  author_id: string | null;
  author_role: string;
  audience: "parties" | "staff" | "internal";
  channel: "web" | "email" | "postal" | "phone";
  body: string;
  /** The client a staff note was written for (null for other audiences); set at write time. */
  client_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
}

export interface CaseEventsTable {
  id: Generated<string>;
  case_id: string;
  type: string;
  actor_id: string | null;
  actor_role: string | null;
  payload: Json<Record<string, unknown>>;
  created_at: Timestamp;
  /** Position in the case's hash chain (1, 2, ...), set by the case_events_chain trigger. */
  seq: Generated<number>;
  /** SHA-256 (hex) over the event's content, seq and the previous event's hash; set by the trigger. */
  hash: Generated<string>;
}

export interface MailDeliveriesTable {
  id: Generated<string>;
  message_id: string;
  case_id: string | null;
  template: string;
  recipient: string;
  data: ColumnType<Record<string, unknown>, string | undefined, string>;
  status: "queued" | "sent" | "failed";
  attempts: Generated<number>;
  last_error: string | null;
  smtp_response: string | null;
  queued_at: ColumnType<Date, Date | string | undefined, Date | string>;
  last_attempt_at: Timestamp | null;
  sending_since: Timestamp | null;
  next_attempt_at: Timestamp | null;
  sent_at: Timestamp | null;
  failed_at: Timestamp | null;
  updated_at: Generated<Date>;
}

export interface MailReplyTokensTable {
  token: string;
  case_id: string;
  user_id: string;
  created_at: CreatedAt;
}

export interface Database {
  clients: ClientsTable;
  users: UsersTable;
  sessions: SessionsTable;
  sign_in_tokens: SignInTokensTable;
  cases: CasesTable;
  case_deadlines: CaseDeadlinesTable;
  messages: MessagesTable;
  case_events: CaseEventsTable;
  mail_deliveries: MailDeliveriesTable;
  mail_reply_tokens: MailReplyTokensTable;
}

export type UserRow = Selectable<UsersTable>;
export type CaseRow = Selectable<CasesTable>;
export type NewCase = Insertable<CasesTable>;
export type CaseUpdate = Updateable<CasesTable>;
export type DeadlineRow = Selectable<CaseDeadlinesTable>;
export type MessageRow = Selectable<MessagesTable>;
export type CaseEventRow = Selectable<CaseEventsTable>;
export type MailDeliveryRow = Selectable<MailDeliveriesTable>;
