package org.felicette.datalink;

import java.io.StringReader;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.felicette.FelicetteException;

/**
 * A DataLink service-descriptor snippet: a VOTable fragment with one {@code RESOURCE
 * type="meta" utype="adhoc:service"} and {@code $…$} placeholders — {@code $baseUrl$}, and
 * column placeholders ({@code $schema_table_column$}) on {@code INFO name/ID} and {@code PARAM ref}.
 *
 * @param columns the column placeholders, without the dollars, each once, in document order
 */
public record Snippet(String name, String text, List<String> columns) {

    public static final String BASE_URL = "baseUrl";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$([A-Za-z0-9_]+)\\$");
    private static final XMLInputFactory INPUT = XMLInputFactory.newFactory();

    static {
        INPUT.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        INPUT.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    }

    /**
     * @throws FelicetteException (400) naming what is wrong and where: not well-formed, not one
     *     meta service resource, a malformed placeholder
     */
    public static Snippet parse(String name, String text) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw FelicetteException.badInput("bad_snippet_name", "snippet name '" + name
                    + "' must be letters, digits, '_', '-' and '.' (at most 128)");
        }
        Set<String> columns = new LinkedHashSet<>();
        int serviceResources = 0;
        try {
            XMLStreamReader r = INPUT.createXMLStreamReader(new StringReader(text));
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.DTD) {
                    throw bad(name, r.getLocation().getLineNumber(), "declares a DTD; DTDs are not accepted");
                }
                if (event != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                int line = r.getLocation().getLineNumber();
                for (int i = 0; i < r.getAttributeCount(); i++) {
                    checkPlaceholders(name, line, r.getAttributeValue(i));
                }
                switch (r.getLocalName()) {
                    case "RESOURCE" -> {
                        if ("meta".equals(r.getAttributeValue(null, "type"))
                                && "adhoc:service".equals(r.getAttributeValue(null, "utype"))) {
                            serviceResources++;
                        }
                    }
                    case "INFO" -> {
                        column(r.getAttributeValue(null, "name"), columns);
                        column(r.getAttributeValue(null, "ID"), columns);
                    }
                    case "PARAM" -> column(r.getAttributeValue(null, "ref"), columns);
                    default -> {
                    }
                }
            }
        } catch (XMLStreamException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNumber();
            throw bad(name, line, "is not well-formed XML: " + e.getMessage().replaceAll("(?s)^ParseError at \\[.*?\\]\\s*Message:\\s*", ""));
        }
        if (serviceResources != 1) {
            throw FelicetteException.badInput("bad_snippet", "snippet " + name + " has " + serviceResources
                    + " RESOURCE elements with type=\"meta\" utype=\"adhoc:service\"; it needs exactly one");
        }
        return new Snippet(name, text, List.copyOf(columns));
    }

    private static void column(String value, Set<String> columns) {
        if (value == null) {
            return;
        }
        Matcher m = PLACEHOLDER.matcher(value);
        while (m.find()) {
            if (!m.group(1).equals(BASE_URL)) {
                columns.add(m.group(1));
            }
        }
    }

    /** Every '$' of an attribute must belong to a well-formed $name$. */
    private static void checkPlaceholders(String snippet, int line, String value) {
        String rest = PLACEHOLDER.matcher(value).replaceAll("");
        if (rest.indexOf('$') >= 0) {
            throw bad(snippet, line, "has a malformed placeholder in '" + value
                    + "' (placeholders are $name$ with letters, digits and _)");
        }
    }

    private static FelicetteException bad(String snippet, int line, String what) {
        return FelicetteException.badInput("bad_snippet", "snippet " + snippet + (line > 0 ? " (line " + line + ")" : "")
                + " " + what);
    }

    /** Column placeholders name columns as schema_table_column: the qualified name with dots as underscores. */
    public static String placeholderOf(String qualifiedTable, String column) {
        return (qualifiedTable + "." + column).replace('.', '_');
    }
}
