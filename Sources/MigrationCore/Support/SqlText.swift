import Foundation

/// Quotes an SQL identifier (as quote_ident does): double quotes, inner quotes doubled.
package func quoteIdent(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

/// A string literal for SQL text (standard_conforming_strings is on in every session we open).
package func quoteLiteral(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
