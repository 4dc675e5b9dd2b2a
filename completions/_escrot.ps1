
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'escrot' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'escrot'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'escrot' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create an environment')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List environments')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show an environment''s definition or its statically checked values')
            [CompletionResult]::new('open', 'open', [CompletionResultType]::ParameterValue, 'Open an environment and print its values')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Open an environment and run a command with its variables and files')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set a value in an environment')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove an environment, or a value from one')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Edit an environment''s definition in an editor')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Show the differences between two revisions')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Revisions of an environment: list them, or restore one')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Rotate the secrets of an environment')
            [CompletionResult]::new('rotation', 'rotation', [CompletionResultType]::ParameterValue, 'The rotation log of an environment')
            [CompletionResult]::new('schedule', 'schedule', [CompletionResultType]::ParameterValue, 'Rotation schedules: when `escrot rotate --due` rotates an environment')
            [CompletionResult]::new('webhook', 'webhook', [CompletionResultType]::ParameterValue, 'Webhooks: rotation events sent to a URL (an on-call tool, a Slack channel)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate environments statically, for CI')
            [CompletionResult]::new('completion', 'completion', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('store', 'store', [CompletionResultType]::ParameterValue, 'Manage the store itself: migrate its schema, copy it to another store, its key')
            [CompletionResult]::new('jwks', 'jwks', [CompletionResultType]::ParameterValue, 'Print the public keys (JWKS) that fn::rotate::external adapters verify escrot''s requests with')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'escrot;init' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read the definition from this YAML file (`-` for standard input)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read the definition from this YAML file (`-` for standard input)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('--if-not-exists', '--if-not-exists', [CompletionResultType]::ParameterName, 'Succeed without changing anything when the environment already exists (for scripts)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'escrot;ls' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'escrot;get' {
            [CompletionResult]::new('--value', '--value', [CompletionResultType]::ParameterName, 'Print only the value, in this format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('--definition', '--definition', [CompletionResultType]::ParameterName, 'Print only the YAML definition (of the whole environment, or of the sub-tree at PATH)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print secret values in plaintext')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'escrot;open' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'The output format (`dotenv` and `shell` print the `environmentVariables`)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'The output format (`dotenv` and `shell` print the `environmentVariables`)')
            [CompletionResult]::new('--oidc-token-file', '--oidc-token-file', [CompletionResultType]::ParameterName, 'A file holding the OIDC token for `aws-login` with `oidc` (re-read on every open; wins over ESCROT_OIDC_TOKEN, ESCROT_OIDC_TOKEN_FILE, AWS_WEB_IDENTITY_TOKEN_FILE and GitHub Actions'' token service)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print secret values in plaintext')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'escrot;run' {
            [CompletionResult]::new('--oidc-token-file', '--oidc-token-file', [CompletionResultType]::ParameterName, 'A file holding the OIDC token for `aws-login` with `oidc` (re-read on every open; wins over ESCROT_OIDC_TOKEN, ESCROT_OIDC_TOKEN_FILE, AWS_WEB_IDENTITY_TOKEN_FILE and GitHub Actions'' token service)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'The command is interactive: give it the terminal, without filtering secrets from its output')
            [CompletionResult]::new('--interactive', '--interactive', [CompletionResultType]::ParameterName, 'The command is interactive: give it the terminal, without filtering secrets from its output')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'escrot;set' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Store the value as a secret (`fn::secret`, encrypted with the store key)')
            [CompletionResult]::new('--string', '--string', [CompletionResultType]::ParameterName, 'Take VALUE as a string as it is, without reading it as YAML')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'escrot;rm' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Remove the environment without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Remove the environment without asking')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'escrot;edit' {
            [CompletionResult]::new('--editor', '--editor', [CompletionResultType]::ParameterName, 'The editor command to run (the file name is appended) [default: $VISUAL, $EDITOR, vi]')
            [CompletionResult]::new('--resume', '--resume', [CompletionResultType]::ParameterName, 'Go on with an edit that could not be saved, from the file escrot kept it in (it is saved onto the revision it was made on, and the file is removed once saved)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'escrot;diff' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Show secret values in plaintext')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'escrot;version' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'List the revisions of an environment, newest first')
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Restore an older revision of an environment')
            [CompletionResult]::new('tag', 'tag', [CompletionResultType]::ParameterValue, 'Name a revision with a tag, list the tags, or remove one')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'escrot;version;history' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'How to print the revisions')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print the revisions')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'escrot;version;rollback' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('--include-rotation-state', '--include-rotation-state', [CompletionResultType]::ParameterName, 'Restore the old `fn::rotate` states too (their credentials may already be retired)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'escrot;version;tag' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List the environment''s tags')
            [CompletionResult]::new('--delete', '--delete', [CompletionResultType]::ParameterName, 'Remove the tag')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'escrot;version;help' {
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'List the revisions of an environment, newest first')
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Restore an older revision of an environment')
            [CompletionResult]::new('tag', 'tag', [CompletionResultType]::ParameterValue, 'Name a revision with a tag, list the tags, or remove one')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'escrot;version;help;history' {
            break
        }
        'escrot;version;help;rollback' {
            break
        }
        'escrot;version;help;tag' {
            break
        }
        'escrot;version;help;help' {
            break
        }
        'escrot;rotate' {
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Rotate the environment in this YAML file (written back in place) instead of the store')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'How to print the result')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print the result')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many rotators run at once (with --due, also how many schedules)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another rotation of the same environment (or file) to finish before giving up with exit status 1 (`30s`, `10m`, `1h`, or seconds)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'With --due: rotate at most N schedules in this run')
            [CompletionResult]::new('--lease', '--lease', [CompletionResultType]::ParameterName, 'With --due: how long a claimed schedule stays this runner''s without it renewing its claim (it renews every third of that while a rotation runs); a runner that dies is taken over after it (ESCROT_LEASE) [default: 15m]')
            [CompletionResult]::new('--oidc-token-file', '--oidc-token-file', [CompletionResultType]::ParameterName, 'A file holding the OIDC token for `aws-login` with `oidc` (re-read on every open; wins over ESCROT_OIDC_TOKEN, ESCROT_OIDC_TOKEN_FILE, AWS_WEB_IDENTITY_TOKEN_FILE and GitHub Actions'' token service)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show the plan and the state diff; change nothing')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Show secret values in the dry-run diff')
            [CompletionResult]::new('--due', '--due', [CompletionResultType]::ParameterName, 'Rotate what the schedules say is due now (`escrot schedule`), instead of NAME; run it every minute or so. Any number of runners may share a store: each due occurrence is rotated by exactly one')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'escrot;rotation' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'List the rotations of an environment, newest first')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'escrot;rotation;history' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'How to print the log')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print the log')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'escrot;rotation;help' {
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'List the rotations of an environment, newest first')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'escrot;rotation;help;history' {
            break
        }
        'escrot;rotation;help;help' {
            break
        }
        'escrot;schedule' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Create a rotation schedule')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List rotation schedules')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List rotation schedules')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show a rotation schedule: its recurrence, next due time, last run and failures')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change a rotation schedule')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Pause a rotation schedule: `rotate --due` skips it until it is resumed')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Resume a paused rotation schedule (occurrences passed meanwhile run once, or are recorded as missed when past their window)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a rotation schedule')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a rotation schedule')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'The runs of an environment''s schedules, newest first')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'escrot;schedule;new' {
            [CompletionResult]::new('--cron', '--cron', [CompletionResultType]::ParameterName, 'A cron pattern in the standard 5-field dialect: minute hour day-of-month month day-of-week (`0 3 * * *`, `*/30 * * * 1-5`), read in --tz')
            [CompletionResult]::new('--every', '--every', [CompletionResultType]::ParameterName, 'A fixed interval, counted from when the schedule is set (`30m`, `12h`, `7d`, `1h30m`; at least 1m)')
            [CompletionResult]::new('--once', '--once', [CompletionResultType]::ParameterName, 'Once, at this RFC 3339 time in the future (`2026-01-02T03:04:05Z`, `…+02:00`)')
            [CompletionResult]::new('--window', '--window', [CompletionResultType]::ParameterName, 'How late an occurrence may still start (`15m`, `1h`); later, it is missed [default: no limit]')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'The IANA time zone the cron pattern is read in (`Europe/Berlin`) [default: UTC]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'escrot;schedule;ls' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'How to print the schedules')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print the schedules')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Show at most N (all if 0 or unset)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('--utc', '--utc', [CompletionResultType]::ParameterName, 'Show times in UTC: they always are; accepted for scripts written for `esc`')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'escrot;schedule;list' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'How to print the schedules')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print the schedules')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Show at most N (all if 0 or unset)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('--utc', '--utc', [CompletionResultType]::ParameterName, 'Show times in UTC: they always are; accepted for scripts written for `esc`')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'escrot;schedule;get' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'How to print the schedule')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print the schedule')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'escrot;schedule;edit' {
            [CompletionResult]::new('--cron', '--cron', [CompletionResultType]::ParameterName, 'A new cron pattern (5 fields), read in --tz')
            [CompletionResult]::new('--every', '--every', [CompletionResultType]::ParameterName, 'A new fixed interval (`30m`, `12h`, `7d`), counted from now')
            [CompletionResult]::new('--once', '--once', [CompletionResultType]::ParameterName, 'A new one-off time (RFC 3339, in the future)')
            [CompletionResult]::new('--window', '--window', [CompletionResultType]::ParameterName, 'How late an occurrence may still start')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'The IANA time zone the cron pattern is read in')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('--all-paths', '--all-paths', [CompletionResultType]::ParameterName, 'Rotate every `fn::rotate` of the environment')
            [CompletionResult]::new('--no-window', '--no-window', [CompletionResultType]::ParameterName, 'Let occurrences start however late')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'escrot;schedule;pause' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'escrot;schedule;resume' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'escrot;schedule;rm' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Remove it without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Remove it without asking')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'escrot;schedule;remove' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Remove it without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Remove it without asking')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'escrot;schedule;history' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'How to print the runs')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print the runs')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Show at most N (all if 0 or unset)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('--utc', '--utc', [CompletionResultType]::ParameterName, 'Show times in UTC: they always are; accepted for scripts written for `esc`')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'escrot;schedule;help' {
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Create a rotation schedule')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List rotation schedules')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show a rotation schedule: its recurrence, next due time, last run and failures')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change a rotation schedule')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Pause a rotation schedule: `rotate --due` skips it until it is resumed')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Resume a paused rotation schedule (occurrences passed meanwhile run once, or are recorded as missed when past their window)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a rotation schedule')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'The runs of an environment''s schedules, newest first')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'escrot;schedule;help;new' {
            break
        }
        'escrot;schedule;help;ls' {
            break
        }
        'escrot;schedule;help;get' {
            break
        }
        'escrot;schedule;help;edit' {
            break
        }
        'escrot;schedule;help;pause' {
            break
        }
        'escrot;schedule;help;resume' {
            break
        }
        'escrot;schedule;help;rm' {
            break
        }
        'escrot;schedule;help;history' {
            break
        }
        'escrot;schedule;help;help' {
            break
        }
        'escrot;webhook' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Create a webhook')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List webhooks')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List webhooks')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show a webhook (never its secret)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a webhook and its deliveries')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a webhook and its deliveries')
            [CompletionResult]::new('ping', 'ping', [CompletionResultType]::ParameterValue, 'Send a webhook a `ping` event now')
            [CompletionResult]::new('deliveries', 'deliveries', [CompletionResultType]::ParameterValue, 'List a webhook''s deliveries, newest first')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'escrot;webhook;new' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Where events are POSTed')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How events are sent')
            [CompletionResult]::new('--event', '--event', [CompletionResultType]::ParameterName, 'The events to send, comma-separated: rotation-succeeded, rotation-failed, revision-created [default: all three]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'How to print the new webhook')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print the new webhook')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('--secret-from-stdin', '--secret-from-stdin', [CompletionResultType]::ParameterName, 'Read the signing secret from standard input (its first line) instead of making one')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print the secret escrot makes (without --secret-from-stdin, it is shown only with this flag, and only now)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'escrot;webhook;ls' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'How to print the webhooks')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print the webhooks')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'escrot;webhook;list' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'How to print the webhooks')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print the webhooks')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'escrot;webhook;get' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'How to print the webhook')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print the webhook')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'escrot;webhook;rm' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (needed when standard input is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (needed when standard input is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'escrot;webhook;remove' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (needed when standard input is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (needed when standard input is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'escrot;webhook;ping' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'escrot;webhook;deliveries' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'How to print the deliveries')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print the deliveries')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Show at most N (all if 0 or unset)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('--utc', '--utc', [CompletionResultType]::ParameterName, 'Show times in UTC: they always are; accepted for scripts written for `esc`')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'escrot;webhook;help' {
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Create a webhook')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List webhooks')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show a webhook (never its secret)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a webhook and its deliveries')
            [CompletionResult]::new('ping', 'ping', [CompletionResultType]::ParameterValue, 'Send a webhook a `ping` event now')
            [CompletionResult]::new('deliveries', 'deliveries', [CompletionResultType]::ParameterValue, 'List a webhook''s deliveries, newest first')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'escrot;webhook;help;new' {
            break
        }
        'escrot;webhook;help;ls' {
            break
        }
        'escrot;webhook;help;get' {
            break
        }
        'escrot;webhook;help;rm' {
            break
        }
        'escrot;webhook;help;ping' {
            break
        }
        'escrot;webhook;help;deliveries' {
            break
        }
        'escrot;webhook;help;help' {
            break
        }
        'escrot;check' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'How to print diagnostics')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print diagnostics')
            [CompletionResult]::new('--oidc-token-file', '--oidc-token-file', [CompletionResultType]::ParameterName, 'A file holding the OIDC token for `aws-login` with `oidc` (re-read on every open; wins over ESCROT_OIDC_TOKEN, ESCROT_OIDC_TOKEN_FILE, AWS_WEB_IDENTITY_TOKEN_FILE and GitHub Actions'' token service)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('--live', '--live', [CompletionResultType]::ParameterName, 'Also check each rotator against its cloud, changing nothing (for aws-iam: the login works, the user exists and has room for a new key)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'escrot;completion' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'escrot;store' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Apply the store''s schema migrations and print its schema version')
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Copy every environment, with its history, to another store')
            [CompletionResult]::new('key', 'key', [CompletionResultType]::ParameterValue, 'The store key: wrap it with AWS KMS, rotate it, show where it comes from')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'escrot;store;migrate' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'escrot;store;copy' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'The store to copy: `sqlite:PATH` or `postgres://USER@HOST:PORT/DATABASE`')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'The store to copy into (empty, or not created yet)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'escrot;store;key' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('wrap', 'wrap', [CompletionResultType]::ParameterValue, 'Wrap the store key with an AWS KMS key (kms:Encrypt and kms:Decrypt)')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Rotate the wrapping key (--kms ARN) or the data key (no flag)')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show where the store key comes from')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'escrot;store;key;wrap' {
            [CompletionResult]::new('--kms', '--kms', [CompletionResultType]::ParameterName, 'The KMS key: its ARN (recommended: it names the region), key id or alias')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'escrot;store;key;rotate' {
            [CompletionResult]::new('--kms', '--kms', [CompletionResultType]::ParameterName, 'Wrap the data key with this KMS key instead of replacing the data key')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'escrot;store;key;status' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'escrot;store;key;help' {
            [CompletionResult]::new('wrap', 'wrap', [CompletionResultType]::ParameterValue, 'Wrap the store key with an AWS KMS key (kms:Encrypt and kms:Decrypt)')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Rotate the wrapping key (--kms ARN) or the data key (no flag)')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show where the store key comes from')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'escrot;store;key;help;wrap' {
            break
        }
        'escrot;store;key;help;rotate' {
            break
        }
        'escrot;store;key;help;status' {
            break
        }
        'escrot;store;key;help;help' {
            break
        }
        'escrot;store;help' {
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Apply the store''s schema migrations and print its schema version')
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Copy every environment, with its history, to another store')
            [CompletionResult]::new('key', 'key', [CompletionResultType]::ParameterValue, 'The store key: wrap it with AWS KMS, rotate it, show where it comes from')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'escrot;store;help;migrate' {
            break
        }
        'escrot;store;help;copy' {
            break
        }
        'escrot;store;help;key' {
            [CompletionResult]::new('wrap', 'wrap', [CompletionResultType]::ParameterValue, 'Wrap the store key with an AWS KMS key (kms:Encrypt and kms:Decrypt)')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Rotate the wrapping key (--kms ARN) or the data key (no flag)')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show where the store key comes from')
            break
        }
        'escrot;store;help;key;wrap' {
            break
        }
        'escrot;store;help;key;rotate' {
            break
        }
        'escrot;store;help;key;status' {
            break
        }
        'escrot;store;help;help' {
            break
        }
        'escrot;jwks' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List the signing keys: kid, state (current or retired), when created and retired')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the signing keys: kid, state (current or retired), when created and retired')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Make a new current signing key; the old one stays in the JWKS, retired')
            [CompletionResult]::new('drop', 'drop', [CompletionResultType]::ParameterValue, 'Remove a retired signing key from the JWKS')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'escrot;jwks;ls' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'How to print the list')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print the list')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'escrot;jwks;list' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'How to print the list')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print the list')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'escrot;jwks;rotate' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'escrot;jwks;drop' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'escrot;jwks;help' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List the signing keys: kid, state (current or retired), when created and retired')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Make a new current signing key; the old one stays in the JWKS, retired')
            [CompletionResult]::new('drop', 'drop', [CompletionResultType]::ParameterValue, 'Remove a retired signing key from the JWKS')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'escrot;jwks;help;ls' {
            break
        }
        'escrot;jwks;help;rotate' {
            break
        }
        'escrot;jwks;help;drop' {
            break
        }
        'escrot;jwks;help;help' {
            break
        }
        'escrot;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create an environment')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List environments')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show an environment''s definition or its statically checked values')
            [CompletionResult]::new('open', 'open', [CompletionResultType]::ParameterValue, 'Open an environment and print its values')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Open an environment and run a command with its variables and files')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set a value in an environment')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove an environment, or a value from one')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Edit an environment''s definition in an editor')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Show the differences between two revisions')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Revisions of an environment: list them, or restore one')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Rotate the secrets of an environment')
            [CompletionResult]::new('rotation', 'rotation', [CompletionResultType]::ParameterValue, 'The rotation log of an environment')
            [CompletionResult]::new('schedule', 'schedule', [CompletionResultType]::ParameterValue, 'Rotation schedules: when `escrot rotate --due` rotates an environment')
            [CompletionResult]::new('webhook', 'webhook', [CompletionResultType]::ParameterValue, 'Webhooks: rotation events sent to a URL (an on-call tool, a Slack channel)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate environments statically, for CI')
            [CompletionResult]::new('completion', 'completion', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('store', 'store', [CompletionResultType]::ParameterValue, 'Manage the store itself: migrate its schema, copy it to another store, its key')
            [CompletionResult]::new('jwks', 'jwks', [CompletionResultType]::ParameterValue, 'Print the public keys (JWKS) that fn::rotate::external adapters verify escrot''s requests with')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'escrot;help;init' {
            break
        }
        'escrot;help;ls' {
            break
        }
        'escrot;help;get' {
            break
        }
        'escrot;help;open' {
            break
        }
        'escrot;help;run' {
            break
        }
        'escrot;help;set' {
            break
        }
        'escrot;help;rm' {
            break
        }
        'escrot;help;edit' {
            break
        }
        'escrot;help;diff' {
            break
        }
        'escrot;help;version' {
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'List the revisions of an environment, newest first')
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Restore an older revision of an environment')
            [CompletionResult]::new('tag', 'tag', [CompletionResultType]::ParameterValue, 'Name a revision with a tag, list the tags, or remove one')
            break
        }
        'escrot;help;version;history' {
            break
        }
        'escrot;help;version;rollback' {
            break
        }
        'escrot;help;version;tag' {
            break
        }
        'escrot;help;rotate' {
            break
        }
        'escrot;help;rotation' {
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'List the rotations of an environment, newest first')
            break
        }
        'escrot;help;rotation;history' {
            break
        }
        'escrot;help;schedule' {
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Create a rotation schedule')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List rotation schedules')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show a rotation schedule: its recurrence, next due time, last run and failures')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change a rotation schedule')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Pause a rotation schedule: `rotate --due` skips it until it is resumed')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Resume a paused rotation schedule (occurrences passed meanwhile run once, or are recorded as missed when past their window)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a rotation schedule')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'The runs of an environment''s schedules, newest first')
            break
        }
        'escrot;help;schedule;new' {
            break
        }
        'escrot;help;schedule;ls' {
            break
        }
        'escrot;help;schedule;get' {
            break
        }
        'escrot;help;schedule;edit' {
            break
        }
        'escrot;help;schedule;pause' {
            break
        }
        'escrot;help;schedule;resume' {
            break
        }
        'escrot;help;schedule;rm' {
            break
        }
        'escrot;help;schedule;history' {
            break
        }
        'escrot;help;webhook' {
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Create a webhook')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List webhooks')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show a webhook (never its secret)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a webhook and its deliveries')
            [CompletionResult]::new('ping', 'ping', [CompletionResultType]::ParameterValue, 'Send a webhook a `ping` event now')
            [CompletionResult]::new('deliveries', 'deliveries', [CompletionResultType]::ParameterValue, 'List a webhook''s deliveries, newest first')
            break
        }
        'escrot;help;webhook;new' {
            break
        }
        'escrot;help;webhook;ls' {
            break
        }
        'escrot;help;webhook;get' {
            break
        }
        'escrot;help;webhook;rm' {
            break
        }
        'escrot;help;webhook;ping' {
            break
        }
        'escrot;help;webhook;deliveries' {
            break
        }
        'escrot;help;check' {
            break
        }
        'escrot;help;completion' {
            break
        }
        'escrot;help;store' {
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Apply the store''s schema migrations and print its schema version')
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Copy every environment, with its history, to another store')
            [CompletionResult]::new('key', 'key', [CompletionResultType]::ParameterValue, 'The store key: wrap it with AWS KMS, rotate it, show where it comes from')
            break
        }
        'escrot;help;store;migrate' {
            break
        }
        'escrot;help;store;copy' {
            break
        }
        'escrot;help;store;key' {
            [CompletionResult]::new('wrap', 'wrap', [CompletionResultType]::ParameterValue, 'Wrap the store key with an AWS KMS key (kms:Encrypt and kms:Decrypt)')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Rotate the wrapping key (--kms ARN) or the data key (no flag)')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show where the store key comes from')
            break
        }
        'escrot;help;store;key;wrap' {
            break
        }
        'escrot;help;store;key;rotate' {
            break
        }
        'escrot;help;store;key;status' {
            break
        }
        'escrot;help;jwks' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List the signing keys: kid, state (current or retired), when created and retired')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Make a new current signing key; the old one stays in the JWKS, retired')
            [CompletionResult]::new('drop', 'drop', [CompletionResultType]::ParameterValue, 'Remove a retired signing key from the JWKS')
            break
        }
        'escrot;help;jwks;ls' {
            break
        }
        'escrot;help;jwks;rotate' {
            break
        }
        'escrot;help;jwks;drop' {
            break
        }
        'escrot;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
