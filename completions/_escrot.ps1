
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
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` [default: the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more about what escrot does (to stderr); repeat for more')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more about what escrot does (to stderr); repeat for more')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate environment files statically, for CI')
            [CompletionResult]::new('open', 'open', [CompletionResultType]::ParameterValue, 'Open an environment and print its values')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show an environment''s definition or its statically checked values')
            [CompletionResult]::new('completion', 'completion', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Rotate the secrets of an environment')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'escrot;check' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'How to print diagnostics')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print diagnostics')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` [default: the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more about what escrot does (to stderr); repeat for more')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more about what escrot does (to stderr); repeat for more')
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
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` [default: the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print secret values in plaintext')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more about what escrot does (to stderr); repeat for more')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more about what escrot does (to stderr); repeat for more')
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
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` [default: the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('--definition', '--definition', [CompletionResultType]::ParameterName, 'Print only the YAML definition (of the whole file, or of the sub-tree at PATH)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print secret values in plaintext')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more about what escrot does (to stderr); repeat for more')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more about what escrot does (to stderr); repeat for more')
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
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` [default: the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more about what escrot does (to stderr); repeat for more')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more about what escrot does (to stderr); repeat for more')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'escrot;rotate' {
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Rotate the environment in this YAML file (written back in place) instead of the store')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'How to print the result')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print the result')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many rotators run at once')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where environments live: `sqlite:PATH` [default: the user''s data directory]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization of environment names given as `project/env` [default: `default`]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show the plan and the state diff; change nothing')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Show secret values in the dry-run diff')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more about what escrot does (to stderr); repeat for more')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more about what escrot does (to stderr); repeat for more')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no summaries, notes or warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'escrot;help' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate environment files statically, for CI')
            [CompletionResult]::new('open', 'open', [CompletionResultType]::ParameterValue, 'Open an environment and print its values')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show an environment''s definition or its statically checked values')
            [CompletionResult]::new('completion', 'completion', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Rotate the secrets of an environment')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'escrot;help;check' {
            break
        }
        'escrot;help;open' {
            break
        }
        'escrot;help;get' {
            break
        }
        'escrot;help;completion' {
            break
        }
        'escrot;help;rotate' {
            break
        }
        'escrot;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
