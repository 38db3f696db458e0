import Foundation

/// Quotes an SQL identifier (as quote_ident does): double quotes, inner quotes doubled.
func quoteIdent(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
