package io.gatehouse.proxy.config;

import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Parses the text of a configuration file into YAML nodes, which keep their line and column,
 * with the limits a file from outside needs: one document, no duplicate keys, few aliases of
 * collections (no "billion laughs"), a bounded size.
 */
final class YamlDocument {

    /** The most characters (code points) a configuration file may have. */
    static final int MAX_CODE_POINTS = 1_000_000;
    /** The most aliases of lists or mappings in one file; enough for sharing a few blocks. */
    static final int MAX_ALIASES = 20;

    private YamlDocument() {
    }

    static LoadSettings settings(String file) {
        return LoadSettings.builder()
                .setLabel(file)
                .setAllowDuplicateKeys(false)
                .setAllowRecursiveKeys(false)
                .setMaxAliasesForCollections(MAX_ALIASES)
                .setCodePointLimit(MAX_CODE_POINTS)
                .setAllowNonScalarKeys(false)
                .build();
    }

    /** The document's root node, or null with a problem recorded. */
    static Node parse(String text, Problems problems) {
        if (text.length() > MAX_CODE_POINTS) {
            problems.add((Node) null, "", "the file has " + text.length() + " characters, more than the limit of "
                    + MAX_CODE_POINTS + "; a configuration that large is a mistake: split it or generate less");
            return null;
        }
        try {
            Optional<Node> root = new Compose(settings(problems.file())).composeString(text);
            if (root.isEmpty() || Fields.isNull(root.get())) {
                problems.add((Node) null, "", "the file is empty; declare at least 'groups:' and 'routes:'");
                return null;
            }
            return root.get();
        } catch (MarkedYamlEngineException e) {
            String what = e.getProblem() == null ? e.getMessage() : e.getProblem();
            if (e.getContext() != null) {
                what = e.getContext() + ": " + what;
            }
            problems.add(e.getProblemMark().orElse(e.getContextMark().orElse(null)), "",
                    "not valid YAML: " + what.strip() + hint(what));
            return null;
        } catch (YamlEngineException e) {
            problems.add((org.snakeyaml.engine.v2.exceptions.Mark) null, "", "refused: " + e.getMessage() + hint(e.getMessage()));
            return null;
        }
    }

    private static String hint(String what) {
        if (what.contains("aliases")) {
            return " (at most " + MAX_ALIASES + " aliases of lists or mappings; write the blocks out)";
        }
        if (what.contains("code points")) {
            return " (a configuration file may have at most " + MAX_CODE_POINTS + " characters)";
        }
        if (what.contains("single document")) {
            return "; keep one document per file (remove the '---' line)";
        }
        return "; check the indentation and quoting there";
    }
}
