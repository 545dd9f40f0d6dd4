import { relative } from 'node:path';
import { costOf, type ModelPrice } from '../budget';
import type { TransportName } from '../codex/types';
import { sumUsage } from '../codex/usage';
import { capFindingCount, deriveVerdict, markOutsideChange, mergeFindings } from '../findings';
import type { ReviewResult } from '../findings/types';
import { secretFindings } from '../secrets';
import type { PreparedReview } from './prepare-review';
import { PROMPT_VERSION } from './prompt';
import type { ChunkAnswer } from './review-chunks';
import type { ReviewRequest } from './types';

/** What the run adds to the answers: how Codex was reached, the price, the run's budget totals, the model's time. */
export interface ReviewRunFacts {
  transport: TransportName;
  price?: ModelPrice;
  run?: ReviewResult['run'];
  modelMs: number;
}

/** The chunks' answers as one review: findings merged (the secret scan's own added), the verdicts, usage and cost. */
export function reviewResult(
  request: ReviewRequest,
  prepared: PreparedReview,
  answers: ChunkAnswer[],
  facts: ReviewRunFacts,
): ReviewResult {
  const usage = sumUsage(answers.map((answer) => answer.usage));
  const { findings, findingNotes } = mergeAnswerFindings(answers, prepared);
  return {
    schemaVersion: 1,
    project: request.project,
    projectRoot: request.projectRoot,
    scope: prepared.scope,
    base: prepared.base,
    head: prepared.head,
    filesReviewed: prepared.reviewed,
    filesSkipped: prepared.skipped,
    findings,
    findingNotes,
    verdict: deriveVerdict(prepared.reviewed, findings),
    ...modelOpinion(answers),
    codexVersion: prepared.binary.version,
    transport: facts.transport,
    model: prepared.model,
    chunks: prepared.calls.length,
    chunkResults: prepared.calls.map((call, index) => ({
      key: call.key,
      files: call.files,
      source: answers[index].source,
      promptTokens: call.promptTokens,
    })),
    usage,
    requestOverheadTokens: prepared.overheadTokens,
    ...(facts.price ? { cost: costOf(usage, facts.price) } : {}),
    ...(facts.run ? { run: facts.run } : {}),
    timings: { ...prepared.timings, modelMs: facts.modelMs, reportsMs: 0, totalMs: 0 },
    contextFiles: prepared.contextFiles,
    promptVersion: PROMPT_VERSION,
    inputsDigest: prepared.digest,
    ...(prepared.refused.length
      ? {
          settingsRefused: prepared.refused.map((entry) => ({
            ...entry,
            ...(entry.file ? { file: relative(request.workspaceRoot, entry.file) } : {}),
          })),
        }
      : {}),
    createdAt: new Date().toISOString(),
  };
}

/** Every chunk's findings in one list, capped and marked against the change, plus one finding per redacted secret. */
function mergeAnswerFindings(answers: ChunkAnswer[], prepared: PreparedReview) {
  const findingNotes = answers.flatMap((answer) => answer.notes);
  // The scan's own findings are never capped nor marked outside the change: each names a secret the user must move out.
  const modelFindings = markOutsideChange(
    capFindingCount(mergeFindings(answers.map((answer) => answer.findings)), findingNotes),
    prepared.changedLines,
  );
  return { findings: mergeFindings([modelFindings, secretFindings(prepared.secrets)]), findingNotes };
}

/** The model's own verdict (incorrect if any chunk says so), its explanations, its lowest confidence. */
function modelOpinion(answers: ChunkAnswer[]): Pick<ReviewResult, 'modelVerdict' | 'explanation' | 'confidence'> {
  return {
    ...(answers.length > 0
      ? {
          modelVerdict: answers.some((answer) => answer.modelVerdict === 'patch is incorrect')
            ? 'patch is incorrect'
            : 'patch is correct',
        }
      : {}),
    explanation: answers
      .map((answer) => answer.explanation)
      .filter(Boolean)
      .join('\n\n'),
    confidence: answers.length ? Math.min(...answers.map((answer) => answer.confidence)) : 1,
  };
}
