#ifndef GAUTHFLOW_CLI_FLAG_SPEC_H_
#define GAUTHFLOW_CLI_FLAG_SPEC_H_

#include <string>
#include <vector>

namespace gauthflow::cli {

// One flag of a command (or a global one), spelled --name, --name=VALUE or --name VALUE. The
// tables of both programs are made of these; `--help`, the parsers, the man pages and the
// shell completions all read them (program_doc.h).
struct FlagSpec {
  std::string name{};        // without the dashes: "client-secrets"
  std::string value_name{};  // empty: a boolean flag that takes no value
  std::string help{};
  bool repeatable = false;   // every occurrence is kept (e.g. --scopes); else the last wins
  // The values the flag accepts; empty: any. The parser refuses others, the completions offer
  // these.
  std::vector<std::string> choices{};
  char short_name = '\0';    // 'v' for -v; '\0': none
  bool value_optional = false;  // --name alone or --name=VALUE (never VALUE as the next word)
  // The value is a space-separated list of choices (OpenID Connect's prompt, Core 1.0 §3.1.2.1).
  bool choice_list = false;
};

// What a flag's value is, for the completions: derived from the table, never written twice.
enum class ValueKind {
  kNone,       // a boolean flag
  kChoice,     // one of `choices`
  kFile,       // value_name FILE, PEM or PATH (any case)
  kDirectory,  // value_name DIR (any case)
  kText,       // anything else
};
ValueKind ValueKindOf(FlagSpec const& flag);

// "--mode loopback|oob", "--port N", "--auto-approve[=USER]", "--all"; with "-v, " in front
// when the flag has a short name.
std::string SpellFlag(FlagSpec const& flag);

// The flags as `--help` lists them: one per line, the help wrapped beside it at column 28.
std::string FormatFlagList(std::vector<FlagSpec> const& flags);

// Word-wraps `text` to lines of at most `width` characters; the first line starts at column
// `first_column`, the others are indented by `indent`.
std::string WrapText(std::string const& text, std::size_t first_column, std::size_t indent,
                     std::size_t width = 100);

}  // namespace gauthflow::cli

#endif  // GAUTHFLOW_CLI_FLAG_SPEC_H_
