#!/usr/bin/env node
'use strict';
// The package's bin: a committed, executable launcher. npm links bins before the workspace's
// `prepare` builds dist/, so a bin pointing into dist/ is never linked on a fresh clone (and
// `npx nx-codex` then asks the registry for an unrelated package). This file is always there.
require('../dist/cli/main.js');
