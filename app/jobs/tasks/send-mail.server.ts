import type { Task } from "graphile-worker";
import { renderEmail, type TemplateInput } from "../../../emails";
import { sendMail } from "../../mail/transport.server";
import { parseMailJob } from "../mail-job";

/**
 * `send_mail`: validate the payload, render the template, send it.
 * Any throw (bad payload, SMTP refusal, network) makes graphile-worker retry with backoff,
 * up to the job's max_attempts; after that the job stays in graphile_worker.jobs with its last_error.
 */
export const sendMailTask: Task = async (payload) => {
  const job = parseMailJob(payload);
  const rendered = renderEmail(job.template, job.data as TemplateInput<typeof job.template>);
  await sendMail({ to: job.to, ...rendered, headers: { "X-Recourse-Template": job.template } });
};
