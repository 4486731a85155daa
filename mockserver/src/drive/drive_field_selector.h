#ifndef GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_FIELD_SELECTOR_H_
#define GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_FIELD_SELECTOR_H_

#include <map>
#include <string>
#include <string_view>

#include <Poco/Dynamic/Var.h>

namespace gauthflow::mockserver {

// A parsed `fields` parameter (Google's partial-response syntax,
// https://developers.google.com/drive/api/guides/fields-parameter): a tree of selected names.
// A node with `all` keeps the whole value; otherwise only its children.
struct FieldSelection {
  bool all = false;
  std::map<std::string, FieldSelection, std::less<>> children;

  bool Selects(std::string_view name) const { return all || children.count(name) != 0; }
  // The selection below `name`; a whole-value selection when this node selects everything.
  FieldSelection const& Child(std::string_view name) const;
  static FieldSelection Everything();
};

// Parses e.g. "nextPageToken, files(id,name,owners/emailAddress)", "files/name", "*".
// Grammar: list := item (',' item)*; item := path ['(' list ')']; path := name ('/' name)*;
// name := [A-Za-z0-9_$.-]+ | '*'. Whitespace around names is ignored. On a syntax error
// `bad_field` gets the text that could not be read.
bool ParseFieldSelection(std::string_view text, FieldSelection& out, std::string& bad_field);

// The shape of a resource, to reject selections of fields it does not have. A property maps
// to its own schema, or to nullptr for a scalar (which cannot have sub-selections). An `open`
// schema (string maps such as properties) accepts any name.
struct FieldSchema {
  bool open = false;
  std::map<std::string, FieldSchema const*, std::less<>> properties;
};

// False with the first unknown name in `bad_field` ("Invalid field selection <name>").
bool ValidateFieldSelection(FieldSelection const& selection, FieldSchema const& schema,
                            std::string& bad_field);

// Prunes a JSON value (object, array of objects, scalar) to the selection.
Poco::Dynamic::Var ApplyFieldSelection(Poco::Dynamic::Var const& value, FieldSelection const& selection);

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_FIELD_SELECTOR_H_
