package org.felicette.query;

import ca.nrc.cadc.tap.parser.RegionFinder;
import ca.nrc.cadc.tap.parser.navigator.ExpressionNavigator;
import ca.nrc.cadc.tap.parser.navigator.FromItemNavigator;
import ca.nrc.cadc.tap.parser.navigator.ReferenceNavigator;
import java.util.regex.Pattern;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitor;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import org.felicette.FelicetteException;

/**
 * ADQL's cone search for a database without pg_sphere: {@code CONTAINS(POINT(ra, dec),
 * CIRCLE(ra0, dec0, r)) = 1} and {@code DISTANCE(POINT(...), POINT(...)) < r} become an exact
 * spherical predicate (the haversine distance, in degrees) with a declination band a B-tree index
 * on dec can use; {@code DISTANCE} in a select list becomes that distance. Any other geometry is
 * refused by name: it needs pg_sphere.
 */
final class ConeSearch extends RegionFinder {

    static final java.util.Set<String> GEOMETRY = java.util.Set.of("AREA", "BOX", "CENTROID", "CIRCLE", "CONTAINS",
            "COORD1", "COORD2", "COORDSYS", "DISTANCE", "INTERSECTS", "POINT", "POLYGON", "REGION");
    private static final java.util.Set<String> OFFERED = java.util.Set.of("POINT", "CIRCLE", "CONTAINS", "DISTANCE");

    /** What a translated argument may be: columns, numbers and arithmetic (never text). */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_. +\\-*/()\"]+");

    ConeSearch() {
        super(new ExpressionNavigator(), new ReferenceNavigator(), new FromItemNavigator());
    }

    /** A point of two SQL expressions, in degrees. */
    private record Point(String ra, String dec, boolean constant) implements Expression {
        @Override
        public void accept(ExpressionVisitor visitor) {
            throw refused("POINT outside CONTAINS or DISTANCE");
        }
    }

    private record Circle(String ra, String dec, String radius) implements Expression {
        @Override
        public void accept(ExpressionVisitor visitor) {
            throw refused("CIRCLE outside CONTAINS");
        }
    }

    /** CONTAINS(point, circle), to be compared with 1 or 0. */
    private record Cone(Point point, Circle circle) implements Expression {
        @Override
        public void accept(ExpressionVisitor visitor) {
            throw FelicetteException.badInput("bad_query", "CONTAINS(...) must be compared with 1 or 0, as ADQL says");
        }
    }

    /** DISTANCE(a, b), which deparses as the distance itself. */
    private static final class Distance extends Column {
        final Point a;
        final Point b;

        Distance(Point a, Point b) {
            super(new Table(), "(" + distance(a.ra(), a.dec(), b.ra(), b.dec()) + ")");
            this.a = a;
            this.b = b;
        }
    }

    static FelicetteException refused(String what) {
        return FelicetteException.badInput("geometry_unsupported", what + " needs pg_sphere, which this "
                + "service's database does not have; without it, CONTAINS(POINT(ra, dec), CIRCLE(ra0, dec0, r)) = 1 "
                + "and DISTANCE(POINT(...), POINT(...)) are what it offers");
    }

    private static String arg(Expression e) {
        String sql = e.toString().strip();
        if (!SAFE.matcher(sql).matches()) {
            throw FelicetteException.badInput("bad_query", "a coordinate of a cone search must be a column, a number "
                    + "or arithmetic of them, not " + sql);
        }
        return "(" + sql + ")";
    }

    private static boolean constant(Expression e) {
        return e instanceof LongValue || e instanceof DoubleValue || e.toString().strip().matches("[0-9+\\-.eE ()]+");
    }

    /** The great-circle distance between two points in degrees (haversine; exact at small and large separations). */
    static String distance(String ra1, String dec1, String ra2, String dec2) {
        return "degrees(2 * asin(least(1, sqrt(power(sin(radians(" + dec2 + " - " + dec1 + ") / 2), 2) + cos(radians("
                + dec1 + ")) * cos(radians(" + dec2 + ")) * power(sin(radians(" + ra2 + " - " + ra1 + ") / 2), 2)))))";
    }

    /** The cone as a predicate: a declination band first (an index on dec serves it), then the exact distance. */
    private static String cone(Point p, String ra0, String dec0, String radius) {
        return "(" + p.dec() + " BETWEEN " + dec0 + " - " + radius + " AND " + dec0 + " + " + radius + " AND "
                + distance(p.ra(), p.dec(), ra0, dec0) + " <= " + radius + ")";
    }

    @Override
    protected Expression handlePoint(Expression coordsys, Expression ra, Expression dec) {
        return new Point(arg(ra), arg(dec), constant(ra) && constant(dec));
    }

    @Override
    protected Expression handleCircle(Expression coordsys, Expression ra, Expression dec, Expression radius) {
        return new Circle(arg(ra), arg(dec), arg(radius));
    }

    @Override
    protected Expression handleContains(Expression left, Expression right) {
        if (left instanceof Point p && right instanceof Circle c) {
            return new Cone(p, c);
        }
        throw refused("CONTAINS of anything but a POINT in a CIRCLE");
    }

    @Override
    protected Expression handleDistance(Expression left, Expression right) {
        if (left instanceof Point a && right instanceof Point b) {
            return new Distance(a, b);
        }
        throw refused("DISTANCE between anything but two POINTs");
    }

    @Override
    protected Expression handleRegionPredicate(BinaryExpression e) {
        Expression left = e.getLeftExpression();
        Expression right = e.getRightExpression();
        if (left instanceof Cone || right instanceof Cone) {
            Cone cone = (Cone) (left instanceof Cone ? left : right);
            Expression value = left instanceof Cone ? right : left;
            if (!(value instanceof LongValue v) || (v.getValue() != 0 && v.getValue() != 1)
                    || !(e instanceof EqualsTo || e instanceof NotEqualsTo)) {
                throw FelicetteException.badInput("bad_query", "CONTAINS(...) must be compared with = 1 or = 0");
            }
            boolean inside = (v.getValue() == 1) == (e instanceof EqualsTo);
            String sql = cone(cone.point(), cone.circle().ra(), cone.circle().dec(), cone.circle().radius());
            return new Column(new Table(), inside ? sql : "(NOT " + sql + ")");
        }
        if (left instanceof Distance d && (e instanceof MinorThan || e instanceof MinorThanEquals)
                && constant(right)) {
            // DISTANCE(column point, fixed point) < r: a cone, with its declination band
            Point column = d.a.constant() ? d.b : d.a;
            Point fixed = d.a.constant() ? d.a : d.b;
            if (!column.constant() && fixed.constant()) {
                String r = arg(right);
                String band = column.dec() + " BETWEEN " + fixed.dec() + " - " + r + " AND " + fixed.dec() + " + " + r;
                String op = e instanceof MinorThan ? " < " : " <= ";
                return new Column(new Table(), "(" + band + " AND " + distance(column.ra(), column.dec(), fixed.ra(),
                        fixed.dec()) + op + r + ")");
            }
        }
        return e;
    }

    @Override
    public Expression convertToImplementation(Function function) {
        String name = function.getName() == null ? "" : function.getName().toUpperCase(java.util.Locale.ROOT);
        if (GEOMETRY.contains(name) && !OFFERED.contains(name)) {
            throw refused(name);
        }
        try {
            return super.convertToImplementation(function);
        } catch (UnsupportedOperationException | IllegalStateException e) {
            throw FelicetteException.badInput("bad_query", e.getMessage());
        }
    }
}
