#!/usr/bin/env node
import { serviceMain } from '../dist/src/service/cli.js';
process.exitCode = serviceMain();
