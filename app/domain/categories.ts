// What a complaint is about: a Privacy Shield principle, or a request under the
// policy's "Your Choices" and "Access" sections.

export const PRINCIPLE_CATEGORIES = {
  notice: "Notice",
  choice: "Choice",
  onward_transfer: "Accountability for Onward Transfer",
  security: "Security",
  data_integrity: "Data Integrity and Purpose Limitation",
  access_principle: "Access",
  recourse: "Recourse, Enforcement and Liability",
} as const;

export const REQUEST_CATEGORIES = {
  request_access: "See the personal data held about me",
  request_correction: "Correct or update my personal data",
  request_block: "Block my personal data (keep it but stop using it)",
  request_removal: "Remove or anonymise my personal data",
  opt_out: "Stop promotional correspondence (opt out)",
  certify_notification: "Certify that recipients of my data were told of a change",
} as const;

export const CATEGORY_LABELS: Record<Category, string> = { ...PRINCIPLE_CATEGORIES, ...REQUEST_CATEGORIES };

export type Category = keyof typeof PRINCIPLE_CATEGORIES | keyof typeof REQUEST_CATEGORIES;

export const CATEGORIES = Object.keys({ ...PRINCIPLE_CATEGORIES, ...REQUEST_CATEGORIES }) as [Category, ...Category[]];

export const isCategory = (value: string): value is Category => (CATEGORIES as readonly string[]).includes(value);

export const isPrincipleCategory = (value: string): value is keyof typeof PRINCIPLE_CATEGORIES => Object.hasOwn(PRINCIPLE_CATEGORIES, value);
