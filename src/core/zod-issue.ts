/** The part of a zod issue zoho-bulk errors carry; hand-built issues use the same shape. */
export interface ZodIssue {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
}
