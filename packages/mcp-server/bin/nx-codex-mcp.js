#!/usr/bin/env node
'use strict';
// The package's bin: a committed, executable launcher, so a rebuild of dist/ (which may recreate
// dist/main.js without the executable bit) never breaks `npx nx-codex-mcp` or .bin links.
require('../dist/main.js').runCli();
