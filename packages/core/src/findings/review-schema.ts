/**
 * The answer Codex must give, sent with `--output-schema` (strict `json_schema` of the Responses
 * API). Strict mode accepts a subset of JSON Schema: every object has `additionalProperties: false`
 * and lists all its properties in `required`; we also keep to type/properties/items/enum/description
 * (no format, minimum, maximum, pattern), so ranges are stated in descriptions and checked by
 * parseReviewAnswer. Modelled on Codex's own review format.
 */
export const REVIEW_OUTPUT_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['findings', 'overall_correctness', 'overall_explanation', 'overall_confidence_score'],
  properties: {
    findings: {
      type: 'array',
      description: 'Problems found in the reviewed files; an empty array when there are none.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['title', 'body', 'confidence_score', 'priority', 'code_location'],
        properties: {
          title: {
            type: 'string',
            description: 'One line (at most 80 characters) naming the problem, in the imperative.',
          },
          body: {
            type: 'string',
            description:
              'Markdown: why this is a problem, when it happens, and how to fix it. One paragraph is usually enough.',
          },
          confidence_score: {
            type: 'number',
            description: 'How sure you are that this is a real problem, from 0.0 to 1.0.',
          },
          priority: {
            type: 'integer',
            enum: [0, 1, 2, 3],
            description:
              '0 = drop everything to fix: blocks release (security, data loss, crash); 1 = urgent, fix in the next cycle; 2 = normal, fix eventually; 3 = low, nice to have.',
          },
          code_location: {
            type: 'object',
            additionalProperties: false,
            required: ['file_path', 'line_range'],
            properties: {
              file_path: {
                type: 'string',
                description:
                  'Path of the file, relative to the workspace root, with forward slashes (for example "apps/web/src/main.ts"): one of the files you were given.',
              },
              line_range: {
                type: 'object',
                additionalProperties: false,
                required: ['start', 'end'],
                description:
                  'The lines the finding is about, 1-based and inclusive; keep the range as short as possible.',
                properties: {
                  start: { type: 'integer', description: 'First line, at least 1.' },
                  end: { type: 'integer', description: 'Last line, at least start.' },
                },
              },
            },
          },
        },
      },
    },
    overall_correctness: {
      type: 'string',
      enum: ['patch is correct', 'patch is incorrect'],
      description: '"patch is incorrect" when any finding should block merging, otherwise "patch is correct".',
    },
    overall_explanation: { type: 'string', description: 'One to three sentences justifying the verdict.' },
    overall_confidence_score: { type: 'number', description: 'Confidence in the verdict, from 0.0 to 1.0.' },
  },
} as const;

/** The answer as the schema describes it. */
export interface ReviewAnswer {
  findings: Array<{
    title: string;
    body: string;
    confidence_score: number;
    priority: number;
    code_location: { file_path: string; line_range: { start: number; end: number } };
  }>;
  overall_correctness: 'patch is correct' | 'patch is incorrect';
  overall_explanation: string;
  overall_confidence_score: number;
}
