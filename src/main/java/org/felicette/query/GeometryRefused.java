package org.felicette.query;

import ca.nrc.cadc.tap.parser.navigator.ExpressionNavigator;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.expression.Function;
import org.felicette.FelicetteException;

/** Refuses ADQL's geometry functions by name, for a database without pg_sphere. */
public final class GeometryRefused extends ExpressionNavigator {

    static final Set<String> GEOMETRY = Set.of("AREA", "BOX", "CENTROID", "CIRCLE", "CONTAINS", "COORD1", "COORD2",
            "COORDSYS", "DISTANCE", "INTERSECTS", "POINT", "POLYGON", "REGION");

    public GeometryRefused() {
    }

    @Override
    public void visit(Function function) {
        String name = function.getName() == null ? "" : function.getName().toUpperCase(Locale.ROOT);
        if (GEOMETRY.contains(name)) {
            throw FelicetteException.badInput("geometry_unsupported", name
                    + " needs pg_sphere, which this service's database does not have; ask for columns and compare "
                    + "them (e.g. ra BETWEEN 10 AND 11) instead");
        }
        super.visit(function);
    }

    @Override
    public ExpressionNavigator clone() {
        return new GeometryRefused();
    }
}
