// Nx's formatFiles cannot load Prettier 3 inside Jest (its dynamic import() needs
// --experimental-vm-modules): each file came back unformatted with a "Could not format" warning.
// The generator specs test what is written; src/utils/format.spec.ts formats in a real process.
process.env.NX_SKIP_FORMAT = 'true';
