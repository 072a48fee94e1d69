package io.weft.sqlrules.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.core.tsl.DataType;
import io.weft.core.tsl.ThingModel;
import io.weft.sqlrules.Thermostat;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.flink.sql.parser.ddl.SqlCreateView;
import org.junit.jupiter.api.Test;

/** The per-product typed views, generated from the thing model. */
class ProductViewsTest {

    @Test
    void propertyView_hasMetadataThenOneTypedColumnPerProperty() {
        ProductView view = ProductViews.properties(Thermostat.model());

        assertThat(view.name()).isEqualTo("product_a1thermo");
        assertThat(view.columns()).extracting(ViewColumn::name, ViewColumn::flinkType).containsExactly(
                org.assertj.core.groups.Tuple.tuple("device_name", "STRING"),
                org.assertj.core.groups.Tuple.tuple("event_time", "TIMESTAMP_LTZ(3)"),
                org.assertj.core.groups.Tuple.tuple("message_id", "BIGINT"),
                org.assertj.core.groups.Tuple.tuple("topic", "STRING"),
                org.assertj.core.groups.Tuple.tuple("payload", "STRING"),
                org.assertj.core.groups.Tuple.tuple("temperature", "FLOAT"),
                org.assertj.core.groups.Tuple.tuple("humidity", "INT"),
                org.assertj.core.groups.Tuple.tuple("label", "STRING"),
                org.assertj.core.groups.Tuple.tuple("power", "INT"),
                org.assertj.core.groups.Tuple.tuple("mode", "INT"),
                org.assertj.core.groups.Tuple.tuple("serviced", "BIGINT"),
                org.assertj.core.groups.Tuple.tuple("energy", "DOUBLE"),
                org.assertj.core.groups.Tuple.tuple("position", "ROW(`latitude` DOUBLE, `longitude` DOUBLE)"),
                org.assertj.core.groups.Tuple.tuple("samples", "STRING"));
    }

    @Test
    void propertyView_ddl_readsEachPropertyFromItemsWithACast() {
        String ddl = ProductViews.properties(Thermostat.model()).ddl();

        assertThat(ddl).isEqualTo("""
                CREATE TEMPORARY VIEW `product_a1thermo` AS
                SELECT
                  `device_name`,
                  `event_time`,
                  `message_id`,
                  `topic`,
                  `items` AS `payload`,
                  CAST(JSON_VALUE(`items`, '$.temperature.value') AS FLOAT) AS `temperature`,
                  CAST(JSON_VALUE(`items`, '$.humidity.value') AS INT) AS `humidity`,
                  JSON_VALUE(`items`, '$.label.value') AS `label`,
                  CAST(JSON_VALUE(`items`, '$.power.value') AS INT) AS `power`,
                  CAST(JSON_VALUE(`items`, '$.mode.value') AS INT) AS `mode`,
                  CAST(JSON_VALUE(`items`, '$.serviced.value') AS BIGINT) AS `serviced`,
                  CAST(JSON_VALUE(`items`, '$.energy.value') AS DOUBLE) AS `energy`,
                  CAST(ROW(CAST(JSON_VALUE(`items`, '$.position.value.latitude') AS DOUBLE), \
                CAST(JSON_VALUE(`items`, '$.position.value.longitude') AS DOUBLE)) AS \
                ROW(`latitude` DOUBLE, `longitude` DOUBLE)) AS `position`,
                  JSON_QUERY(`items`, '$.samples.value') AS `samples`
                FROM `weft_telemetry`
                WHERE `product_key` = 'a1thermo' AND `kind` = 'property'""");
    }

    @Test
    void eventView_hasAColumnPerOutputParameter_andFiltersTheEvent() {
        ThingModel model = Thermostat.model();
        ProductView view = ProductViews.event(model, model.event("overheat").orElseThrow());

        assertThat(view.name()).isEqualTo("product_a1thermo_event_overheat");
        assertThat(view.columns()).extracting(ViewColumn::name).endsWith("level", "message");
        assertThat(view.query()).endsWith("WHERE `product_key` = 'a1thermo' AND `kind` = 'event' "
                + "AND `identifier` = 'overheat'");
    }

    @Test
    void propertyNamedLikeAMetadataColumn_getsTheValueSuffix() {
        ThingModel model = new ThingModel("p1", List.of(
                property("topic", new DataType.Text(32)),
                property("Topic_value", new DataType.Text(32)),
                property("Message_Id", new DataType.Date())), List.of(), List.of());

        ProductView view = ProductViews.properties(model);

        assertThat(view.columnFor("topic").orElseThrow().name()).isEqualTo("topic_value_");
        assertThat(view.columnFor("Topic_value").orElseThrow().name()).isEqualTo("Topic_value");
        assertThat(view.columnFor("Message_Id").orElseThrow().name()).isEqualTo("Message_Id_value");
        assertThat(view.column("topic").orElseThrow().identifier()).isNull();
    }

    @Test
    void identifierStartingWithADigit_isReadWithABracketPath() {
        ThingModel model = new ThingModel("p1", List.of(property("1st", new DataType.Bool(Map.of(0, "n", 1, "y")))),
                List.of(), List.of());

        assertThat(ProductViews.properties(model).columnFor("1st").orElseThrow().expression())
                .isEqualTo("CAST(JSON_VALUE(`items`, '$[''1st''].value') AS INT)");
    }

    @Test
    void viewDdl_isAcceptedByFlinksParser() throws SqlParseException {
        ThingModel model = Thermostat.model();

        SqlCreateView properties = (SqlCreateView) FlinkParser.parse(ProductViews.properties(model).ddl());
        SqlCreateView event = (SqlCreateView) FlinkParser.parse(
                ProductViews.event(model, model.event("overheat").orElseThrow()).ddl());

        assertThat(properties.isTemporary()).isTrue();
        assertThat(((SqlSelect) properties.getQuery()).getSelectList()).hasSize(14);
        assertThat(((SqlSelect) event.getQuery()).getSelectList()).hasSize(7);
    }

    @Test
    void attributeView_isADeduplicationByDevice_acceptedByFlinksParser() throws SqlParseException {
        ProductView view = ProductViews.attributes(Thermostat.model());

        assertThat(view.name()).isEqualTo("product_a1thermo_attributes");
        assertThat(view.columns()).extracting(ViewColumn::name, ViewColumn::flinkType).containsExactly(
                org.assertj.core.groups.Tuple.tuple("device_name", "STRING"),
                org.assertj.core.groups.Tuple.tuple("attributes", "MAP<STRING, STRING>"),
                org.assertj.core.groups.Tuple.tuple("update_time", "TIMESTAMP_LTZ(3)"));
        SqlCreateView ddl = (SqlCreateView) FlinkParser.parse(view.ddl());
        assertThat(ddl.isTemporary()).isTrue();
        assertThat(view.query()).contains("FROM `weft_device_attributes`")
                .contains("WHERE `product_key` = 'a1thermo'").endsWith("WHERE `version` = 1");
    }

    private static ThingModel.Property property(String id, DataType type) {
        return new ThingModel.Property(id, id, ThingModel.AccessMode.R, false, type);
    }
}
