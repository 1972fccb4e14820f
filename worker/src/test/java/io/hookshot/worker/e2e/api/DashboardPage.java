package io.hookshot.worker.e2e.api;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** What the dashboard tests read off a page: whether a view shows, a table's row ids, a column's texts. */
final class DashboardPage {
    private DashboardPage() {}

    static boolean shown(WebDriver d, String id) {
        return d.findElement(By.id(id)).isDisplayed();
    }

    /** The {@code data-id} of each row of a table's body. */
    static List<String> rowIds(WebDriver d, String table) {
        return d.findElements(By.cssSelector("#" + table + " tbody tr")).stream()
                .map(row -> row.getDomAttribute("data-id"))
                .toList();
    }

    /** The text of one column (1-based) of a table's rows. */
    static List<String> columnTexts(WebDriver d, String table, int column) {
        return d.findElements(By.cssSelector("#" + table + " tbody tr td:nth-child(" + column + ")")).stream()
                .map(WebElement::getText)
                .toList();
    }
}
