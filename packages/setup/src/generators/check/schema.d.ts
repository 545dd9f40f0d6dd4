// The check takes no options: it reads the environment and writes nothing.
export type CheckGeneratorSchema = Record<string, never>;
