package dev.weir.parser;

import java.util.ArrayList;
import java.util.List;

/** Reads identifiers as names: backticks removed, case kept. */
final class Identifiers {

    private Identifiers() {
    }

    static String name(WeirStatementsParser.IdentifierContext identifier) {
        if (identifier.QUOTED_IDENT() != null) {
            String text = identifier.QUOTED_IDENT().getText();
            return text.substring(1, text.length() - 1).replace("``", "`");
        }
        return identifier.getText();
    }

    /**
     * A dotted name joined with dots. A part that itself contains a dot or a backtick stays
     * backtick-quoted, so the joined name can still be split unambiguously.
     */
    static String name(WeirStatementsParser.QualifiedNameContext qualified) {
        StringBuilder joined = new StringBuilder();
        for (WeirStatementsParser.IdentifierContext part : qualified.identifier()) {
            if (joined.length() > 0) {
                joined.append('.');
            }
            String name = name(part);
            if (name.indexOf('.') >= 0 || name.indexOf('`') >= 0) {
                joined.append('`').append(name.replace("`", "``")).append('`');
            } else {
                joined.append(name);
            }
        }
        return joined.toString();
    }

    static List<String> names(List<WeirStatementsParser.IdentifierContext> identifiers) {
        List<String> names = new ArrayList<>(identifiers.size());
        for (WeirStatementsParser.IdentifierContext identifier : identifiers) {
            names.add(name(identifier));
        }
        return names;
    }
}
