#include "odata/csdl.h"

namespace appnotify::server {

const std::string& csdl_document() {
  static const std::string document = R"xml(<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="Microsoft.Dynamics.CRM" Alias="mscrm" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="systemuser">
        <Key><PropertyRef Name="systemuserid"/></Key>
        <Property Name="systemuserid" Type="Edm.Guid" Nullable="false"/>
      </EntityType>
      <EntityType Name="appnotification">
        <Key><PropertyRef Name="appnotificationid"/></Key>
        <Property Name="appnotificationid" Type="Edm.Guid" Nullable="false"/>
        <Property Name="title" Type="Edm.String" Nullable="false" MaxLength="256"/>
        <Property Name="body" Type="Edm.String" MaxLength="500"/>
        <Property Name="icontype" Type="Edm.Int32"/>
        <Property Name="toasttype" Type="Edm.Int32"/>
        <Property Name="priority" Type="Edm.Int32"/>
        <Property Name="ttlinseconds" Type="Edm.Int32"/>
        <Property Name="data" Type="Edm.String" MaxLength="5000"/>
        <Property Name="createdon" Type="Edm.DateTimeOffset"/>
        <Property Name="modifiedon" Type="Edm.DateTimeOffset"/>
        <Property Name="_ownerid_value" Type="Edm.Guid"/>
        <Property Name="_createdby_value" Type="Edm.Guid"/>
        <NavigationProperty Name="ownerid" Type="mscrm.systemuser"/>
      </EntityType>
      <ComplexType Name="WhoAmIResponse">
        <Property Name="BusinessUnitId" Type="Edm.Guid" Nullable="false"/>
        <Property Name="UserId" Type="Edm.Guid" Nullable="false"/>
        <Property Name="OrganizationId" Type="Edm.Guid" Nullable="false"/>
      </ComplexType>
      <ComplexType Name="SendAppNotificationResponse">
        <Property Name="NotificationId" Type="Edm.Guid" Nullable="false"/>
      </ComplexType>
      <ComplexType Name="expando" OpenType="true"/>
      <Function Name="WhoAmI">
        <ReturnType Type="mscrm.WhoAmIResponse" Nullable="false"/>
      </Function>
      <Action Name="SendAppNotification">
        <Parameter Name="Title" Type="Edm.String" Nullable="false"/>
        <Parameter Name="Recipient" Type="mscrm.systemuser" Nullable="false"/>
        <Parameter Name="Body" Type="Edm.String"/>
        <Parameter Name="IconType" Type="Edm.Int32"/>
        <Parameter Name="ToastType" Type="Edm.Int32"/>
        <Parameter Name="Priority" Type="Edm.Int32"/>
        <Parameter Name="Expiry" Type="Edm.Int32"/>
        <Parameter Name="OverrideContent" Type="mscrm.expando"/>
        <Parameter Name="Actions" Type="mscrm.expando"/>
        <ReturnType Type="mscrm.SendAppNotificationResponse" Nullable="false"/>
      </Action>
      <EntityContainer Name="System">
        <EntitySet Name="appnotifications" EntityType="mscrm.appnotification"/>
        <EntitySet Name="systemusers" EntityType="mscrm.systemuser"/>
        <FunctionImport Name="WhoAmI" Function="mscrm.WhoAmI"/>
        <ActionImport Name="SendAppNotification" Action="mscrm.SendAppNotification"/>
      </EntityContainer>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>
)xml";
  return document;
}

}  // namespace appnotify::server
