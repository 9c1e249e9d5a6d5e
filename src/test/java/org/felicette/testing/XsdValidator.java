package org.felicette.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.catalog.CatalogFeatures;
import javax.xml.catalog.CatalogManager;
import javax.xml.catalog.CatalogResolver;
import javax.xml.transform.Source;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/** Validates XML against the IVOA schemas in ../shared/xsd, offline, through its catalog.xml. */
public final class XsdValidator {

    private final Schema schema;

    /** @param xsdFiles file names in ../shared/xsd, e.g. VOSICapabilities-v1.0.xsd */
    public XsdValidator(String... xsdFiles) {
        Path dir = SharedFiles.path("xsd");
        CatalogResolver resolver = CatalogManager.catalogResolver(
                CatalogFeatures.builder().with(CatalogFeatures.Feature.RESOLVE, "strict").build(),
                dir.resolve("catalog.xml").toUri());
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        factory.setResourceResolver(resolver);
        try {
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file");
            List<Source> sources = new ArrayList<>();
            for (String file : xsdFiles) {
                URI uri = dir.resolve(file).toUri();
                sources.add(new StreamSource(uri.toString()));
            }
            schema = factory.newSchema(sources.toArray(Source[]::new));
        } catch (SAXException e) {
            throw new IllegalStateException("loading " + String.join(", ", xsdFiles), e);
        }
    }

    /** Every validation error of the document; empty when it is valid. */
    public List<String> errors(String xml) {
        List<String> errors = new ArrayList<>();
        Validator validator = schema.newValidator();
        validator.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
            }

            @Override
            public void error(SAXParseException e) {
                errors.add(e.getLineNumber() + ":" + e.getColumnNumber() + ": " + e.getMessage());
            }

            @Override
            public void fatalError(SAXParseException e) {
                error(e);
            }
        });
        try {
            validator.validate(new StreamSource(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))));
        } catch (SAXException | IOException e) {
            errors.add(e.getMessage());
        }
        return errors;
    }
}
