#!/usr/bin/env node
import { Command } from 'commander';
import { registerCommands } from './cli/commands.js';

/** `intentd` command line: parses argv and runs one subcommand. */
const program = new Command('intentd')
  .description('GitOps reconciler: keeps switch interfaces in line with NetBox, with git as the change log')
  .version('0.1.0')
  .showHelpAfterError();
registerCommands(program);
await program.parseAsync(process.argv);
