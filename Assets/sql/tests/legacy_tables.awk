# The manifest (Assets/plan/legacy_tables.yaml) as the JSON the core passes to the SQL as the
# variable legacy_tables ([{"columns": [...], "name": ...}, ...] in manifest order), so the SQL
# suites run the files as the core does: psql -v legacy_tables="$(awk -f legacy_tables.awk FILE)".
# Reads the manifest's own layout: "- name: t" followed by "columns: [a, b]".
/^[[:space:]]*- name:/ { name = $3 }
/^[[:space:]]*columns:/ {
    sub(/.*\[/, ""); sub(/\].*/, ""); gsub(/ /, "")
    n = split($0, cols, ",")
    entry = "{\"columns\":["
    for (i = 1; i <= n; i++) entry = entry (i > 1 ? "," : "") "\"" cols[i] "\""
    out = out (out == "" ? "" : ",") entry "],\"name\":\"" name "\"}"
}
END { print "[" out "]" }
