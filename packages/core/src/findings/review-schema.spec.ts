import { REVIEW_OUTPUT_SCHEMA } from './review-schema';

/** The keywords OpenAI's strict structured outputs accept that this schema may use. */
const ALLOWED_KEYWORDS = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'enum',
  'description',
]);

type Node = Record<string, unknown>;

function walk(node: Node, pointer: string, visit: (node: Node, pointer: string) => void): void {
  visit(node, pointer);
  for (const [name, child] of Object.entries((node.properties as Record<string, Node> | undefined) ?? {}))
    walk(child, `${pointer}/properties/${name}`, visit);
  if (node.items) walk(node.items as Node, `${pointer}/items`, visit);
}

describe('REVIEW_OUTPUT_SCHEMA', () => {
  it('keeps to the strict json_schema subset: closed objects, every property required, no unsupported keywords', () => {
    const problems: string[] = [];
    walk(REVIEW_OUTPUT_SCHEMA as unknown as Node, '#', (node, pointer) => {
      for (const keyword of Object.keys(node))
        if (!ALLOWED_KEYWORDS.has(keyword)) problems.push(`${pointer}: keyword ${keyword}`);
      if (node.type === 'object') {
        if (node.additionalProperties !== false) problems.push(`${pointer}: additionalProperties is not false`);
        const properties = Object.keys(node.properties as object).sort();
        if (JSON.stringify([...(node.required as string[])].sort()) !== JSON.stringify(properties))
          problems.push(`${pointer}: required != properties`);
      }
      if (node.type === undefined) problems.push(`${pointer}: no type`);
    });
    expect(problems).toEqual([]);
  });

  it('models Codex review format: findings with priority, confidence and a location, plus the overall verdict', () => {
    const finding = REVIEW_OUTPUT_SCHEMA.properties.findings.items;
    expect(finding.required).toEqual(['title', 'body', 'confidence_score', 'priority', 'code_location']);
    expect(finding.properties.priority).toMatchObject({ type: 'integer', enum: [0, 1, 2, 3] });
    expect(finding.properties.code_location.properties.file_path.description).toMatch(/relative to the workspace root/);
    expect(REVIEW_OUTPUT_SCHEMA.properties.overall_correctness.enum).toEqual([
      'patch is correct',
      'patch is incorrect',
    ]);
  });
});
