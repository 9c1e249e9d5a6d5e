package org.felicette.query;

import ca.nrc.cadc.tap.parser.function.Operator;
import ca.nrc.cadc.tap.parser.navigator.ExpressionNavigator;
import ca.nrc.cadc.tap.parser.navigator.FromItemNavigator;
import ca.nrc.cadc.tap.parser.navigator.ReferenceNavigator;
import ca.nrc.cadc.tap.parser.region.pgsphere.PgsphereRegionConverter;
import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;

/**
 * ADQL's geometry for pg_sphere: CADC's converter (what YouCat runs), and DISTANCE, which it does
 * not translate, as pg_sphere's distance of two points ({@code <->}, in radians) in degrees.
 */
final class PgSphereGeometry extends PgsphereRegionConverter {

    PgSphereGeometry() {
        super(new ExpressionNavigator(), new ReferenceNavigator(), new FromItemNavigator());
    }

    @Override
    protected Expression handleDistance(Expression left, Expression right) {
        Function degrees = new Function();
        degrees.setName("degrees");
        degrees.setParameters(new ExpressionList(List.of(new Operator("<->", "<->", left, right))));
        return degrees;
    }
}
